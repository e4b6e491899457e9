/** Where the organisation settings are stored in the `settings` table, and their defaults. */
export const ORGANIZATION_SETTINGS_KEY = 'organization';

/** Abandons quicker than this are short (excluded from service level): the industry's 5 s. */
export const DEFAULT_SHORT_ABANDON_SECONDS = 5;
export const MAX_SHORT_ABANDON_SECONDS = 60;

/** The longest chat retention an admin may set (about 100 years); null keeps messages forever. */
export const MAX_CHAT_RETENTION_DAYS = 36_500;
