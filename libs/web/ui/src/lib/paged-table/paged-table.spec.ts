import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';

import { PageChange, PagedTableColumnDirective, PagedTableComponent } from './paged-table';

interface Person {
  name: string;
  email: string;
}

@Component({
  imports: [PagedTableComponent, PagedTableColumnDirective],
  template: `
    <pc-paged-table
      testId="people"
      rowTestId="person"
      caption="People, 12 in all"
      emptyText="Nobody here."
      paginatorLabel="Pages of people"
      [rows]="rows()"
      [total]="12"
      [page]="page()"
      [pageSize]="5"
      [pageSizeOptions]="[5, 10]"
      [loading]="loading()"
      (pageChange)="changes.push($event)"
    >
      <ng-template pcColumn="name" header="Name" let-person>
        <strong>{{ person.name }}</strong>
      </ng-template>
      <ng-template pcColumn="email" header="Email" cellTestId="person-email" let-person>
        {{ person.email }}
      </ng-template>
      <ng-template pcColumn="actions" header="Actions" headerHidden let-person>
        <button type="button">Edit {{ person.name }}</button>
      </ng-template>
    </pc-paged-table>
  `,
})
class HostComponent {
  readonly rows = signal<Person[]>([
    { name: 'Ada', email: 'ada@example.test' },
    { name: 'Bo', email: 'bo@example.test' },
  ]);
  readonly page = signal(2);
  readonly loading = signal(false);
  readonly changes: PageChange[] = [];
}

describe('PagedTableComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let element: HTMLElement;

  const texts = (selector: string) =>
    Array.from(element.querySelectorAll(selector)).map((node) => node.textContent?.trim());

  beforeEach(async () => {
    fixture = TestBed.createComponent(HostComponent);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  it('renders the declared columns in order, with their headers and cells', () => {
    expect(texts('th')).toEqual(['Name', 'Email', 'Actions']);
    expect(element.querySelectorAll('tr[data-testid="person"]')).toHaveLength(2);
    expect(texts('[data-testid="person-email"]')).toEqual(['ada@example.test', 'bo@example.test']);
    expect(element.querySelector('td strong')?.textContent).toBe('Ada');
    expect(texts('td button')).toEqual(['Edit Ada', 'Edit Bo']);
  });

  it('is a captioned table with column headers', () => {
    const table = element.querySelector('table[data-testid="people"]');
    expect(table?.querySelector('caption')?.textContent?.trim()).toBe('People, 12 in all');
    expect(
      Array.from(element.querySelectorAll('th')).every((th) => th.getAttribute('scope') === 'col'),
    ).toBe(true);
    expect(element.querySelector('th .pc-visually-hidden')?.textContent).toBe('Actions');
  });

  it('says the table is empty, or loading', async () => {
    fixture.componentInstance.rows.set([]);
    await fixture.whenStable();
    expect(texts('td')).toEqual(['Nobody here.']);
    expect(element.querySelector('td')?.getAttribute('colspan')).toBe('3');

    fixture.componentInstance.loading.set(true);
    await fixture.whenStable();
    expect(texts('td')).toEqual(['Loading…']);
  });

  it('shows the page it is given in the paginator', async () => {
    const paginator =
      await TestbedHarnessEnvironment.loader(fixture).getHarness(MatPaginatorHarness);

    expect(await paginator.getRangeLabel()).toBe('6 – 10 of 12');
    expect(await paginator.getPageSize()).toBe(5);
    expect(element.querySelector('mat-paginator')?.getAttribute('aria-label')).toBe(
      'Pages of people',
    );
  });

  it('emits the page asked for, counting from 1', async () => {
    const paginator =
      await TestbedHarnessEnvironment.loader(fixture).getHarness(MatPaginatorHarness);

    await paginator.goToNextPage();
    expect(fixture.componentInstance.changes).toEqual([{ page: 3, pageSize: 5 }]);

    await paginator.goToPreviousPage();
    await paginator.setPageSize(10);
    expect(fixture.componentInstance.changes).toEqual([
      { page: 3, pageSize: 5 },
      { page: 2, pageSize: 5 },
      { page: 1, pageSize: 10 },
    ]);
  });
});
