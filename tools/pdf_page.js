// Run by tools/make_pdf.py in a loaded book page: say what did not finish rendering, and
// return the article ready to sit beside the other pages in one document.
({ key, keys, online, mounted }) => {
  const article = document.querySelector("article.bd-article");
  const problems = [];
  const explorers = document.querySelectorAll(".nabla-explorer").length;
  const views = document.querySelectorAll(
    "script[type='application/vnd.jupyter.widget-view+json']").length;
  if (!mounted) problems.push(`${views - explorers} of ${views} interactive figures did not mount`);
  for (const error of article.querySelectorAll("mjx-merror")) {
    problems.push(`MathJax error: ${error.textContent}`);
  }
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const skip = "pre, code, script, style, mjx-container, .highlight";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (node.parentElement.closest(skip)) continue;
    const tex = text.match(/\$\$|\\[a-zA-Z]{2,}|\\[([]/);
    if (tex) problems.push(`raw TeX left untypeset: "${text.trim().slice(0, 80)}"`);
    if (text.includes("Explorer(")) problems.push(`a figure printed as text: "${text.trim()}"`);
  }

  const page = document.querySelector("link[rel='canonical']")?.href
    ?? online + location.pathname.slice(1);
  const copy = article.cloneNode(true);
  copy.querySelectorAll("script, a.headerlink, button.toggle-button").forEach((n) => n.remove());
  for (const figure of copy.querySelectorAll("figure.nabla-explorer")) {
    const section = figure.closest("section[id]");
    const url = section ? `${page}#${section.id}` : page;
    const note = document.createElement("p");
    note.className = "print-link";
    note.append("Interactive figure, here at its first frame; move it online at ");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = url;
    note.append(link);
    figure.append(note);
    // Tagged as a group, not as one picture: its panels carry the alt text, and the
    // caption and the readout stay text a screen reader reads.
    figure.setAttribute("role", "group");
    figure.setAttribute("aria-label", figure.querySelector("figcaption").textContent);
  }
  // A formula prints as MathJax's SVG outlines, which carry no text: it is tagged as a
  // figure whose alt text is its MathML's text (the page's own MathML is not printed).
  for (const math of copy.querySelectorAll("mjx-container")) {
    const mml = math.querySelector("mjx-assistive-mml");
    const svg = math.querySelector("svg");
    if (!mml || !svg) continue;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", mml.textContent.replace(/\s+/g, " ").trim());
    svg.removeAttribute("aria-hidden");
    mml.remove();
  }
  for (const folded of copy.querySelectorAll(".admonition.toggle-hidden[id]")) {
    const link = document.createElement("a");
    link.href = `${page}#${folded.id}`;
    link.textContent = "folded here; open it online";
    folded.querySelector(".admonition-title").append(" (", link, ")");
  }
  // One document holds every page: ids get the page's key, and links between pages become
  // links inside the document; links to pages left out of it go to the online book.
  copy.querySelectorAll("[id]").forEach((node) => { node.id = `${key}--${node.id}`; });
  for (const link of copy.querySelectorAll("a[href]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.origin !== location.origin) continue;
    const path = url.pathname.slice(1);
    const fragment = decodeURIComponent(url.hash.slice(1));
    link.setAttribute("href", path in keys ? `#${keys[path]}--${fragment}` : online + path + url.hash);
  }
  copy.querySelectorAll("[src]").forEach((node) => node.setAttribute("src", node.src));
  const heading = (h) => {
    const clone = h.cloneNode(true);
    clone.querySelectorAll("a.headerlink").forEach((n) => n.remove());
    return clone.innerHTML.trim();
  };
  return {
    problems,
    html: copy.outerHTML,
    title: heading(article.querySelector("h1")),
    sections: [...article.querySelectorAll("section[id] > h2")].map((h) => ({
      id: `${key}--${h.parentElement.id}`,
      title: heading(h),
    })),
    styles: [...document.querySelectorAll("style")].map((s) => s.textContent),
    stylesheets: [...document.querySelectorAll("link[rel='stylesheet']")].map((l) => l.href),
    lang: document.documentElement.lang,
  };
}
