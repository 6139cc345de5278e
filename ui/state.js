// The page's state: one object, shared by the views.
export const S = {
  settings: null, profiles: [], fleet: null, site: "intl", demo: true, rows: [], selected: new Set(),
  sort: { key: "days", asc: true }, catalog: null, specs: [], refreshing: false, refreshAgain: false,
  names: {}, // instance and server id → name, kept after an instance is released (for Activity)
};
window.__flexus = S; // read-only handle for end-to-end tests (no secrets live here)

export const byId = (id) => (S.fleet?.instances || []).find((i) => i.id === id);
export const statusOf = (i) => (i.frozen ? "FROZEN" : i.status);
