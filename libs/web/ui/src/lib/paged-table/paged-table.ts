import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  OnChanges,
  TemplateRef,
  ViewContainerRef,
  booleanAttribute,
  computed,
  contentChildren,
  inject,
  input,
  output,
} from '@angular/core';
import { MatPaginator } from '@angular/material/paginator';
import {
  MatCell,
  MatCellDef,
  MatColumnDef,
  MatHeaderCell,
  MatHeaderCellDef,
  MatHeaderRow,
  MatHeaderRowDef,
  MatNoDataRow,
  MatRow,
  MatRowDef,
  MatTable,
} from '@angular/material/table';

/** A page the person asked for: `page` counts from 1, like the API's `page` query parameter. */
export interface PageChange {
  page: number;
  pageSize: number;
}

/**
 * One column of a `pc-paged-table`: the template renders a cell, with the row as `let-row`.
 *
 * ```html
 * <ng-template pcColumn="email" header="Email" cellTestId="user-row-email" let-user>
 *   {{ user.email }}
 * </ng-template>
 * ```
 */
@Directive({ selector: 'ng-template[pcColumn]' })
export class PagedTableColumnDirective {
  /** The column's id, unique within the table. */
  readonly name = input.required<string>({ alias: 'pcColumn' });
  readonly header = input.required<string>();
  /** Keeps the header for screen readers only, e.g. for a column of action buttons. */
  readonly headerHidden = input(false, { transform: booleanAttribute });
  /** The `data-testid` of each cell of the column. */
  readonly cellTestId = input<string | null>(null);
  readonly template = inject<TemplateRef<{ $implicit: unknown }>>(TemplateRef);
}

/**
 * Renders a column's template for one row. NgTemplateOutlet would do the same, but importing it
 * here brings much of @angular/common into the initial bundle (see the note on the template).
 */
@Directive({ selector: 'ng-container[pcCell]' })
class PagedTableCellDirective implements OnChanges {
  readonly column = input.required<PagedTableColumnDirective>({ alias: 'pcCell' });
  readonly pcCellRow = input.required<unknown>();
  private readonly container = inject(ViewContainerRef);

  ngOnChanges(): void {
    this.container.clear();
    this.container.createEmbeddedView(this.column().template, { $implicit: this.pcCellRow() });
  }
}

/**
 * A Material table of one page of rows with a paginator below. The caller declares the columns
 * (`ng-template pcColumn`), passes the rows of the current page with the total, and loads the
 * page `pageChange` asks for.
 */
@Component({
  selector: 'pc-paged-table',
  imports: [
    PagedTableCellDirective,
    MatTable,
    MatColumnDef,
    MatHeaderCellDef,
    MatHeaderCell,
    MatCellDef,
    MatCell,
    MatHeaderRowDef,
    MatHeaderRow,
    MatRowDef,
    MatRow,
    MatNoDataRow,
    MatPaginator,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // @defer: the table and paginator code loads with the first table shown, not with the console.
  // The sign-in page imports this library too, and the bundler keeps every module the barrel
  // reaches (compiled components count as side effects) in the initial bundle.
  template: `
    @defer (on immediate) {
      <div class="pc-paged-table__scroll">
        <table
          mat-table
          class="pc-paged-table__table"
          [dataSource]="rows()"
          [attr.data-testid]="testId()"
        >
          <caption class="pc-visually-hidden">
            {{
              caption()
            }}
          </caption>
          @for (column of columns(); track column.name()) {
            <ng-container [matColumnDef]="column.name()">
              <th mat-header-cell *matHeaderCellDef scope="col">
                @if (column.headerHidden()) {
                  <span class="pc-visually-hidden">{{ column.header() }}</span>
                } @else {
                  {{ column.header() }}
                }
              </th>
              <td mat-cell *matCellDef="let row" [attr.data-testid]="column.cellTestId()">
                <ng-container [pcCell]="column" [pcCellRow]="row" />
              </td>
            </ng-container>
          }
          <tr mat-header-row *matHeaderRowDef="columnNames()"></tr>
          <tr
            mat-row
            *matRowDef="let row; columns: columnNames()"
            [attr.data-testid]="rowTestId()"
          ></tr>
          <tr class="mat-mdc-row" *matNoDataRow>
            <td class="mat-mdc-cell pc-paged-table__empty" [attr.colspan]="columnNames().length">
              {{ loading() ? 'Loading…' : emptyText() }}
            </td>
          </tr>
        </table>
      </div>
      <mat-paginator
        [length]="total()"
        [pageIndex]="page() - 1"
        [pageSize]="pageSize()"
        [pageSizeOptions]="pageSizeOptions()"
        [attr.aria-label]="paginatorLabel()"
        (page)="changePage($event)"
      />
    } @loading (after 300ms) {
      <p class="pc-paged-table__empty">Loading…</p>
    } @error {
      <p class="pc-paged-table__empty" role="alert">
        The table could not be loaded. Check your connection and reload the page.
      </p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .pc-paged-table__scroll {
      overflow-x: auto;
    }
    .pc-paged-table__table {
      width: 100%;
    }
    .pc-paged-table__empty {
      padding: 1.5rem 1rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PagedTableComponent<T> {
  /** The rows of the current page. */
  readonly rows = input.required<readonly T[]>();
  /** Rows in all pages. */
  readonly total = input.required<number>();
  /** The current page, counting from 1. */
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly pageSizeOptions = input<readonly number[]>([10, 25, 50]);
  /** True while a page is loading: an empty table then says so instead of `emptyText`. */
  readonly loading = input(false);
  /** What an empty table says, e.g. "No users match these filters." */
  readonly emptyText = input.required<string>();
  /** The table's caption, for screen readers, e.g. "Users, 12 in all". */
  readonly caption = input.required<string>();
  /** The paginator's accessible name, e.g. "Pages of users". */
  readonly paginatorLabel = input.required<string>();
  /** The table's `data-testid`. */
  readonly testId = input<string | null>(null);
  /** Each row's `data-testid`. */
  readonly rowTestId = input<string | null>(null);

  readonly pageChange = output<PageChange>();

  protected readonly columns = contentChildren(PagedTableColumnDirective);
  protected readonly columnNames = computed(() => this.columns().map((column) => column.name()));

  protected changePage(event: { pageIndex: number; pageSize: number }): void {
    this.pageChange.emit({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }
}
