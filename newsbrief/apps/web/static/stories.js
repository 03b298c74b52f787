// The Stories page: the list from GET /api/stories, one story from GET /api/stories/{id}.
// Everything from the store goes into the page as text (textContent), never as HTML.
"use strict";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

async function getJSON(url) {
  const resp = await fetch(url, {headers: {Accept: "application/json"}});
  if (!resp.ok) {
    let detail = resp.statusText;
    try { detail = (await resp.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(`${resp.status}: ${detail}`);
  }
  return resp.json();
}

function safeLink(url, text) {
  if (url && /^https?:\/\//i.test(url)) {
    const a = el("a", text || url);
    a.href = url;
    a.rel = "noopener noreferrer";
    return a;
  }
  return el("span", text || url || "");
}

async function showStory(id) {
  const status = document.getElementById("stories-status");
  let story;
  try {
    story = await getJSON(`/api/stories/${encodeURIComponent(id)}`);
  } catch (e) {
    status.textContent = `Could not open story ${id}: ${e.message}`;
    return;
  }
  const panel = document.getElementById("story");
  document.getElementById("story-h").textContent = story.headline;
  const outlets = story.outlets.length ? story.outlets.join(", ") : "no outlet named";
  document.getElementById("story-facts").textContent =
    `${story.articles.length} article${story.articles.length === 1 ? "" : "s"} (${outlets}); updated ${when(story.updated)}`;
  const brief = document.getElementById("story-brief");
  brief.replaceChildren();
  if (story.brief && story.brief.sentences.length) {
    const p = el("p");
    for (const s of story.brief.sentences) {
      p.append(el("span", s.text + " ", "sentence"));
      const cites = [s.document, ...(s.support || [])].map((d) => d + 1).sort((a, b) => a - b);
      for (const n of cites) {
        const a = el("a", `[${n}]`, "cite");
        a.href = `#brief-source-${n}`;
        p.append(a);
      }
      p.append(" ");
    }
    brief.append(p);
    const sources = el("ol", null, "sources");
    story.brief.documents.forEach((d, i) => {
      const li = el("li");
      li.id = `brief-source-${i + 1}`;
      li.append(safeLink(d.url, d.label || d.outlet || d.title || `Article ${i + 1}`));
      sources.append(li);
    });
    brief.append(el("h3", "Sources of the brief"), sources);
  } else {
    brief.append(el("p", "No brief could be made for this story yet.", "note"));
  }
  const list = document.getElementById("story-articles");
  list.replaceChildren();
  for (const a of story.articles) {
    const li = el("li");
    li.append(safeLink(a.url, a.title || a.url || a.source || "article"));
    const facts = [a.outlet, a.date].filter(Boolean).join(", ");
    if (facts) li.append(el("span", ` — ${facts}`, "facts"));
    list.append(li);
  }
  panel.hidden = false;
  panel.scrollIntoView({block: "start"});
}

async function loadStories() {
  const status = document.getElementById("stories-status");
  const list = document.getElementById("story-list");
  let page;
  try {
    page = await getJSON("/api/stories?limit=100");
  } catch (e) {
    status.textContent = `Could not load the stories: ${e.message}`;
    return;
  }
  list.replaceChildren();
  if (!page.items.length) {
    status.textContent = "No stories yet: run `newsbrief watch FEEDS --db …` on this store.";
    return;
  }
  status.textContent = `${page.total} stor${page.total === 1 ? "y" : "ies"}, most recently updated first.`;
  for (const s of page.items) {
    const li = el("li", null, "story-item");
    const button = el("button", s.headline, "story-open");
    button.type = "button";
    button.addEventListener("click", () => showStory(s.id));
    const outlets = s.outlets.length ? s.outlets.join(", ") : "no outlet named";
    li.append(button, el("span", ` ${s.n_articles} article${s.n_articles === 1 ? "" : "s"} · ${outlets} · updated ${when(s.updated)}`, "facts"));
    list.append(li);
  }
}

document.addEventListener("DOMContentLoaded", loadStories);
