// One small event bus. A module says what happened and the views that care answer, so
// imports run one way: dialogs ask for "refresh" instead of importing the dashboard
// above them, and a language switch asks every view to "relabel" itself.
const handlers = new Map();

export function on(name, fn) {
  if (!handlers.has(name)) handlers.set(name, []);
  handlers.get(name).push(fn);
}

// Runs every handler; the promise settles when all are done, so an emit can be
// awaited like the call it stands for.
export function emit(name, ...args) {
  return Promise.all((handlers.get(name) || []).map((fn) => fn(...args)));
}

// The dashboard refreshes (answered by views/dashboard.js): after an action changed the fleet.
export const refreshFleet = (maxAgeMs = 0) => emit("refresh", maxAgeMs);
