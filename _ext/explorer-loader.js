// Mounts the book's explorers with no kernel and no widget manager. static_explorers.py
// puts explorer.js (its `render`, as `explorer`) above this and writes, in a page, each
// explorer's stored state as JSON followed by `nablaExplorer.mount(document.currentScript)`.
// The model is a stand-in for anywidget's, over that state: get, set (which tells the
// "change:<key>" listeners at once, as Backbone does), on, off and save_changes. Each figure
// gets a note, seen only in print, that links to it online.
window.nablaExplorer = {
  mount(call) {
    const state = JSON.parse(call.previousElementSibling.textContent);
    const listeners = {};
    const model = {
      get: (key) => state[key],
      set(key, value) {
        if (state[key] === value) return;
        state[key] = value;
        for (const listener of listeners[`change:${key}`] || []) listener();
      },
      save_changes() {},
      on: (name, listener) => (listeners[name] ||= []).push(listener),
      off(name, listener) {
        listeners[name] = (listeners[name] || []).filter((f) => f !== listener);
      },
    };
    const el = document.createElement("div");
    const section = call.closest("section[id]");
    call.replaceWith(el);
    explorer.render({ model, el });
    // On paper (print.css) the figure says where it moves: its section in the online book.
    const page = document.querySelector("link[rel='canonical']")?.href ?? location.href.split("#")[0];
    const url = section ? `${page}#${section.id}` : page;
    const note = document.createElement("p");
    note.className = "nx-print-link";
    const link = Object.assign(document.createElement("a"), { href: url, textContent: url });
    note.append("Interactive figure, printed as it stood; move it online at ", link);
    el.querySelector("figure").append(note);
  },
};
