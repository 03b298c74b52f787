// newsbrief page: plain JavaScript, no build step, no network beyond this server.
// Article text is untrusted: it is only ever inserted with textContent / text nodes.
"use strict";

const $ = (id) => document.getElementById(id);
const HISTORY_PAGE = 10;
let current = null;        // the brief shown (the API's JSON)
let historyOffset = 0;
let limits = { deadline_seconds: 20 };  // replaced by the server's /api/limits
let inFlight = null;       // the AbortController of the brief being made

// ---------------------------------------------------------------- the form

function addArticle(focus) {
  const node = $("article-template").content.firstElementChild.cloneNode(true);
  node.querySelector(".remove").addEventListener("click", () => {
    const next = node.nextElementSibling || node.previousElementSibling;
    node.remove();
    renumber();
    if (next) next.querySelector("textarea").focus();
  });
  $("articles").appendChild(node);
  renumber();
  if (focus) node.querySelector("textarea").focus();
}

function renumber() {
  const sets = $("articles").querySelectorAll("fieldset.article");
  sets.forEach((fs, i) => {
    const n = i + 1;
    fs.querySelector(".n").textContent = String(n);
    const ta = fs.querySelector("textarea");
    const url = fs.querySelector("input");
    ta.id = `article-text-${n}`;
    url.id = `article-url-${n}`;
    fs.querySelector(".text-label").htmlFor = ta.id;
    fs.querySelector(".url-label").htmlFor = url.id;
    fs.querySelector(".text-label").textContent = `Article ${n}: text or HTML`;
    fs.querySelector(".url-label").textContent = `…or a link to article ${n}`;
    const remove = fs.querySelector(".remove");
    remove.textContent = `Remove article ${n}`;
    remove.hidden = sets.length <= 1;
  });
}

function looksHtml(text) {
  return /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body)\b/i.test(text) ||
    (/^\s*</.test(text) && (text.match(/<\/?(p|div|span|br|a|h[1-6]|article|section)\b[^>]*>/gi) || []).length >= 3);
}

function collectArticles() {
  const out = [];
  $("articles").querySelectorAll("fieldset.article").forEach((fs) => {
    const text = fs.querySelector("textarea").value;
    const url = fs.querySelector("input").value.trim();
    if (text.trim()) {
      const item = looksHtml(text) ? { html: text } : { text: text };
      if (url) item.url = url;
      out.push(item);
    } else if (url) {
      out.push({ url: url });
    }
  });
  return out;
}

function setStatus(message, isError) {
  const el = $("status");
  el.textContent = message;
  el.classList.toggle("error", Boolean(isError));
}

async function apiJson(response) {
  let data = null;
  try { data = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) {
    const detail = data && typeof data.detail === "string" ? data.detail : `HTTP ${response.status}`;
    throw new Error(detail);
  }
  return data;
}

async function submitForm(event) {
  event.preventDefault();
  const words = parseInt($("words").value, 10);
  if (!Number.isFinite(words) || words < 10 || words > 1000) {
    setStatus("Length: give a number of words between 10 and 1000.", true);
    $("words").focus();
    return;
  }
  const articles = collectArticles();
  const files = $("files").files;
  if (!articles.length && !files.length) {
    setStatus("Paste at least one article (two or more make a better brief), give a link, or upload a file.", true);
    const first = $("articles").querySelector("textarea");
    if (first) first.focus();
    return;
  }
  let request;
  inFlight = new AbortController();
  if (files.length) {
    const form = new FormData();
    for (const a of articles) {
      if (a.url && !a.text && !a.html) form.append("url", a.url);
      else form.append("text", a.text || a.html);
    }
    for (const f of files) form.append("files", f, f.name);
    form.append("words", String(words));
    request = fetch("/api/briefs/upload", { method: "POST", body: form, signal: inFlight.signal });
  } else {
    request = fetch("/api/briefs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ articles: articles, words: words }),
      signal: inFlight.signal,
    });
  }
  const button = $("submit");
  button.disabled = true;
  const stopProgress = showProgress();
  try {
    const data = await apiJson(await request);
    showBrief(data);
    const skipped = (data.skipped || []).length;
    setStatus(`Brief ready: ${data.sentences.length} sentences, ${data.words} words` +
      (skipped ? `; ${skipped} article${skipped === 1 ? "" : "s"} skipped (see below).` : "."));
    $("brief").focus();
    loadHistory(true);
  } catch (err) {
    if (err.name === "AbortError") {
      setStatus("Cancelled: this brief is not saved.", true);
    } else {
      setStatus(`Could not make the brief: ${err.message}`, true);
    }
  } finally {
    stopProgress();
    button.disabled = false;
  }
}

// While a brief is being made: the seconds spent against the server's deadline, and Cancel.
function showProgress() {
  const started = Date.now();
  const bar = $("progress-bar");
  const limit = limits.deadline_seconds;
  bar.max = limit;
  const tick = () => {
    const secs = (Date.now() - started) / 1000;
    bar.value = Math.min(secs, limit);
    setStatus(`Making the brief… ${Math.floor(secs)} s (links not fetched within ${limit} s are skipped)`);
  };
  tick();
  const timer = setInterval(tick, 500);
  $("progress").hidden = false;
  return () => {
    clearInterval(timer);
    $("progress").hidden = true;
    inFlight = null;
  };
}

// ---------------------------------------------------------------- the brief

function label(doc, i) {
  return doc.label || doc.outlet || doc.title || doc.source || `Article ${i + 1}`;
}

function citations(s) {
  return [s.document + 1].concat((s.support || []).map((d) => d + 1)).sort((a, b) => a - b);
}

function showBrief(data) {
  current = data;
  $("brief-empty").hidden = true;
  $("brief-body").hidden = false;
  const when = data.created ? new Date(data.created).toLocaleString() : "";
  $("brief-meta").textContent =
    `${data.words} words from ${data.documents.length} article${data.documents.length === 1 ? "" : "s"}` +
    (when ? ` · ${when}` : "");

  const body = $("brief-text");
  body.replaceChildren();
  data.sentences.forEach((s, i) => {
    if (i) body.appendChild(document.createTextNode(" "));
    const span = document.createElement("span");
    span.className = "sentence";
    span.tabIndex = 0;
    span.setAttribute("role", "button");
    span.setAttribute("aria-pressed", "false");
    span.dataset.index = String(i);
    span.appendChild(document.createTextNode(s.text));
    for (const n of citations(s)) {
      const sup = document.createElement("sup");
      sup.className = "cite";
      sup.textContent = `[${n}]`;
      sup.title = label(data.documents[n - 1] || {}, n - 1);
      span.appendChild(sup);
    }
    span.addEventListener("click", () => selectSentence(i));
    span.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); selectSentence(i); }
    });
    body.appendChild(span);
  });

  const notes = $("brief-notes");
  notes.replaceChildren();
  for (const n of data.notes || []) {
    const li = document.createElement("li");
    li.textContent = n;
    notes.appendChild(li);
  }

  const skipped = $("skipped-list");
  skipped.replaceChildren();
  for (const s of data.skipped || []) {
    const li = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = String(s.input || "");
    li.append(name, document.createTextNode(`: ${s.reason || "skipped"}`));
    skipped.appendChild(li);
  }
  $("brief-skipped").hidden = !skipped.children.length;
  Insight.render(data, (d) => `${label(data.documents[d] || {}, d)} [${d + 1}]`);

  const sources = $("sources");
  sources.replaceChildren();
  data.documents.forEach((doc, i) => {
    const li = document.createElement("li");
    li.id = `src-${i + 1}`;
    const name = document.createElement("strong");
    name.textContent = label(doc, i);
    li.appendChild(name);
    if (doc.title && doc.title !== label(doc, i)) li.appendChild(document.createTextNode(` — “${doc.title}”`));
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      li.appendChild(document.createTextNode(" — "));
      const a = document.createElement("a");
      a.href = doc.url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = doc.url;
      li.appendChild(a);
    }
    sources.appendChild(li);
  });

  $("source-label").textContent = "Select a sentence of the brief to see it in its article.";
  $("support").textContent = "";
  $("source-text").replaceChildren();
  if (data.id && location.hash !== `#${data.id}`) history.replaceState(null, "", `#${data.id}`);
}

function selectSentence(i) {
  if (!current) return;
  const s = current.sentences[i];
  const doc = current.documents[s.document];
  document.querySelectorAll("#brief-text .sentence").forEach((el) => {
    const on = el.dataset.index === String(i);
    el.classList.toggle("selected", on);
    el.setAttribute("aria-pressed", on ? "true" : "false");
  });

  $("source-label").textContent = `[${s.document + 1}] ${label(doc, s.document)}` +
    (doc.title && doc.title !== label(doc, s.document) ? ` — “${doc.title}”` : "") +
    ` · sentence ${s.index + 1}`;
  const others = (s.support || []).map((d) => `${label(current.documents[d], d)} [${d + 1}]`);
  $("support").textContent = others.length
    ? `Also reported by: ${others.join(", ")}.`
    : "No other article reports this.";

  // The article text with every brief sentence from it marked; the selected one stands out.
  const text = doc.text || "";
  const spans = current.sentences
    .map((t, j) => ({ j: j, start: t.offsets[0], end: t.offsets[1], doc: t.document }))
    .filter((t) => t.doc === s.document)
    .sort((a, b) => a.start - b.start);
  const box = $("source-text");
  box.replaceChildren();
  let pos = 0;
  let target = null;
  for (const t of spans) {
    if (t.start < pos || t.end > text.length) continue;
    box.appendChild(document.createTextNode(text.slice(pos, t.start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(t.start, t.end);
    mark.className = t.j === i ? "current" : "cited";
    if (t.j === i) { target = mark; mark.id = "highlight"; }
    box.appendChild(mark);
    pos = t.end;
  }
  box.appendChild(document.createTextNode(text.slice(pos)));
  if (!target) return;
  box.scrollTop = Math.max(0, target.offsetTop - box.clientHeight / 3);
  // One column (a phone): the source panel is below the brief, so bring the sentence on screen.
  const r = target.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) target.scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------- copy, download

async function copyMarkdown() {
  if (!current) return;
  const md = current.markdown || "";
  try {
    await navigator.clipboard.writeText(md);
  } catch (e) {  // no clipboard API (e.g. plain http on another host): the old way
    const ta = document.createElement("textarea");
    ta.value = md;
    document.body.appendChild(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  setStatus("The brief was copied as Markdown.");
}

function downloadJson() {
  if (!current) return;
  const blob = new Blob([JSON.stringify(current, null, 2) + "\n"], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `brief-${current.id || "new"}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---------------------------------------------------------------- history

async function loadHistory(reset) {
  if (reset) historyOffset = 0;
  let page;
  try {
    page = await apiJson(await fetch(`/api/briefs?limit=${HISTORY_PAGE}&offset=${historyOffset}`));
  } catch (err) {
    setStatus(`Could not load the history: ${err.message}`, true);
    return;
  }
  const list = $("history-list");
  if (reset) list.replaceChildren();
  for (const item of page.items) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = "history-item";
    b.dataset.id = item.id;
    const title = document.createElement("span");
    title.className = "h-title";
    title.textContent = item.title;
    const meta = document.createElement("span");
    meta.className = "h-meta";
    meta.textContent = `${new Date(item.created).toLocaleString()} · ${item.n_documents} articles · ${item.words} words`;
    b.append(title, meta);
    b.addEventListener("click", () => openBrief(item.id));
    li.appendChild(b);
    list.appendChild(li);
  }
  if (!list.children.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = "No briefs yet.";
    list.appendChild(li);
  }
  historyOffset += page.items.length;
  $("history-more").hidden = historyOffset >= page.total;
}

async function deleteBrief() {
  if (!current || !current.id) return;
  const id = current.id;
  try {
    const response = await fetch(`/api/briefs/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (!response.ok && response.status !== 404) await apiJson(response);
  } catch (err) {
    setStatus(`Could not delete the brief: ${err.message}`, true);
    return;
  }
  current = null;
  $("brief-body").hidden = true;
  $("brief-empty").hidden = false;
  $("source-text").replaceChildren();
  $("support").textContent = "";
  history.replaceState(null, "", location.pathname);
  setStatus("The brief was deleted.");
  loadHistory(true);
}

async function openBrief(id) {
  setStatus("Opening the brief…");
  try {
    const data = await apiJson(await fetch(`/api/briefs/${encodeURIComponent(id)}`));
    showBrief(data);
    setStatus("");
    $("brief").focus();
  } catch (err) {
    setStatus(`Could not open the brief: ${err.message}`, true);
  }
}

// ---------------------------------------------------------------- start

document.addEventListener("DOMContentLoaded", () => {
  addArticle(false);
  addArticle(false);
  $("add-article").addEventListener("click", () => addArticle(true));
  $("brief-form").addEventListener("submit", submitForm);
  $("copy-md").addEventListener("click", copyMarkdown);
  $("download-json").addEventListener("click", downloadJson);
  $("history-more").addEventListener("click", () => loadHistory(false));
  $("delete-brief").addEventListener("click", deleteBrief);
  $("cancel").addEventListener("click", () => { if (inFlight) inFlight.abort(); });
  fetch("/api/limits").then(apiJson).then((l) => { limits = l; }).catch(() => {});
  loadHistory(true);
  const id = location.hash.slice(1);
  if (/^[0-9a-f]{32}$/.test(id)) openBrief(id);
});
