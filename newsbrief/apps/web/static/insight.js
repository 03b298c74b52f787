// The insight sections beside the brief: key quotes, where sources differ, coverage per outlet,
// timeline. Every field is optional (render what is there); text goes in only as text nodes.
"use strict";

const Insight = (() => {
  const list = (value) => (Array.isArray(value) ? value : []);
  const str = (value) => (value === null || value === undefined ? "" : String(value));

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The outlets of an item: its "outlets", else the labels of its "documents"/"document".
  function outlets(item, docName) {
    const named = list(item.outlets).map(str).filter(Boolean);
    if (named.length) return named;
    if (item.outlet) return [str(item.outlet)];
    const docs = list(item.documents).concat(Number.isInteger(item.document) ? [item.document] : []);
    return [...new Set(docs.filter(Number.isInteger).map(docName))];
  }

  function quote(q, docName) {
    const li = el("li", "quote");
    const text = str(q.text);
    li.appendChild(el("q", q.direct === false ? "indirect" : "", text));
    const who = str(q.speaker) || str(q.speaker_mention);
    const from = outlets(q, docName);
    li.appendChild(el("span", "by", [who ? ` — ${who}` : "", from.length ? ` (${from.join(", ")})` : ""].join("")));
    return text ? li : null;
  }

  function disagreement(d, docName) {
    const statements = list(d.statements);
    if (!statements.length) return null;
    const li = el("li", "differ");
    if (d.kind) li.appendChild(el("span", "kind", `${str(d.kind)}: `));
    const ul = el("ul");
    for (const s of statements) {
      const item = el("li");
      item.appendChild(el("strong", "value", str(s.value) || "?"));
      const from = outlets(s, docName);
      if (from.length) item.appendChild(document.createTextNode(` — ${from.join(", ")}`));
      if (s.sentence) item.appendChild(el("span", "said", ` “${str(s.sentence)}”`));
      ul.appendChild(item);
    }
    li.appendChild(ul);
    return li;
  }

  function coverage(c) {
    if (!c.outlet) return null;
    const li = el("li", "coverage");
    li.appendChild(el("strong", "", str(c.outlet)));
    const parts = [];
    const count = (v) => (Array.isArray(v) ? v.length : Number(v));
    if (c.articles !== undefined) parts.push(`${count(c.articles)} article${count(c.articles) === 1 ? "" : "s"}`);
    const dates = list(c.dates).map(str).filter(Boolean);
    if (dates.length) parts.push(dates.join(", "));
    if (c.brief_sentences !== undefined) parts.push(`${count(c.brief_sentences)} in the brief`);
    if (c.only_here !== undefined) parts.push(`${count(c.only_here)} only here`);
    li.appendChild(document.createTextNode(parts.length ? ` — ${parts.join(" · ")}` : ""));
    return li;
  }

  function event(t, docName) {
    if (!t.sentence && !t.date) return null;
    const li = el("li", "event");
    li.appendChild(el("time", "", str(t.date) || "undated"));
    li.appendChild(document.createTextNode(` ${str(t.sentence)}`));
    const from = outlets(t, docName);
    if (from.length) li.appendChild(el("span", "by", ` (${from.join(", ")})`));
    return li;
  }

  // Dated events in date order (ISO dates sort as text); undated ones keep their place at the end.
  const byDate = (items) => list(items).map((t, i) => ({ t, i })).sort((a, b) => {
    const x = str(a.t.date), y = str(b.t.date);
    if (!x || !y) return (!x - !y) || a.i - b.i;
    return x < y ? -1 : x > y ? 1 : a.i - b.i;
  }).map((p) => p.t);

  const SECTIONS = [
    ["insight-quotes", "quotes", quote, list],
    ["insight-disagreements", "disagreements", disagreement, list],
    ["insight-coverage", "coverage", coverage, list],
    ["insight-timeline", "timeline", event, byDate],
  ];

  // Fill the sections from the brief's JSON; a section (and the whole aside) shows only when non-empty.
  function render(data, docName) {
    let any = false;
    for (const [id, key, make, order] of SECTIONS) {
      const section = document.getElementById(id);
      const target = section.querySelector("ul, ol");
      target.replaceChildren();
      for (const item of order(data[key])) {
        const node = item && typeof item === "object" ? make(item, docName) : null;
        if (node) target.appendChild(node);
      }
      section.hidden = !target.children.length;
      any = any || !section.hidden;
    }
    document.getElementById("insight").hidden = !any;
  }

  return { render };
})();
