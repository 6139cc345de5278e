// The same paint signal as the app: the callback of the frame after the first one runs once
// the first frame has been drawn.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI__.core.invoke("painted")));
