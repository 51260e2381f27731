// clinicseo review app: small progressive enhancements. Every page works without this file.
"use strict";

// --- Google preview: live counters and snippet while the edit form is typed in ----------
function setupSnippet() {
  const box = document.querySelector(".snippet-box");
  if (!box) return;
  const table = JSON.parse(box.dataset.widths);
  const maxPx = Number(box.dataset.titlePx);
  const descMin = Number(box.dataset.descMin), descMax = Number(box.dataset.descMax);
  // The scorer's own Arial table at 20 px, so the counter agrees with the title_width check.
  const px = (text) => {
    let units = 0;
    for (const ch of text) units += table.chars[/[\t\r\n]/.test(ch) ? " " : ch] ?? table.default;
    return Math.round(units * 20 / 1000);
  };
  const cutPx = (text) => {
    if (px(text) <= maxPx) return text;
    let out = "";
    for (const ch of text) { if (px(out + ch + " …") > maxPx) break; out += ch; }
    return out.trimEnd() + " …";
  };
  const cutChars = (text, n) => {
    if (text.length <= n) return text;
    const cut = text.slice(0, n);
    return cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : n).replace(/[ ,.;:]+$/, "") + " …";
  };
  const field = (id) => document.getElementById(id);
  const title = field("e-title"), seo = field("e-seo"), slug = field("e-slug"), meta = field("e-meta");
  if (!seo || !meta) return;
  const update = () => {
    const t = (seo.value.trim() || title.value.trim());
    const d = meta.value.split(/\s+/).filter(Boolean).join(" ");
    const w = px(t);
    const ct = document.getElementById("c-title"), cd = document.getElementById("c-desc");
    ct.textContent = `${w} / ${maxPx} px`;
    ct.className = "counter " + (w > maxPx || w === 0 ? "over" : "fine");
    cd.textContent = `${d.length} characters (${descMin}–${descMax})`;
    cd.className = "counter " + (d.length >= descMin && d.length <= descMax ? "fine" : "over");
    const empty = "No meta description: Google will pick a passage of the text.";
    box.querySelectorAll(".serp-desktop .serp-title").forEach((el) => { el.textContent = cutPx(t); });
    box.querySelectorAll(".serp-mobile .serp-title").forEach((el) => { el.textContent = t; });
    box.querySelectorAll(".serp-desktop .serp-desc").forEach((el) => { el.textContent = cutChars(d, descMax) || empty; });
    box.querySelectorAll(".serp-mobile .serp-desc").forEach((el) => { el.textContent = cutChars(d, 120) || empty; });
    box.querySelectorAll(".serp-path").forEach((el) => { el.textContent = slug.value.trim(); });
  };
  for (const el of [title, seo, slug, meta]) el && el.addEventListener("input", update);
}

// --- Queue: one box selects every draft on the page -----------------------------------
function setupSelectAll() {
  const all = document.getElementById("select-all");
  if (!all) return;
  const boxes = () => document.querySelectorAll("input[name='ids'][form='bulk']");
  all.hidden = false;
  all.addEventListener("change", () => boxes().forEach((b) => { b.checked = all.checked; }));
}

// --- Calendar: drag a scheduled post onto a free slot -------------------------------------
// Dropping fills in the post's own Move form (which works without this script) and sends it.
function setupCalendarDrag() {
  document.querySelectorAll("[draggable='true'][data-draft]").forEach((el) => {
    el.addEventListener("dragstart", (ev) => {
      ev.dataTransfer.setData("text/plain", el.dataset.draft);
      ev.dataTransfer.effectAllowed = "move";
    });
  });
  document.querySelectorAll("[data-slot]").forEach((slot) => {
    slot.addEventListener("dragover", (ev) => { ev.preventDefault(); slot.classList.add("drop-here"); });
    slot.addEventListener("dragleave", () => slot.classList.remove("drop-here"));
    slot.addEventListener("drop", (ev) => {
      ev.preventDefault();
      const form = document.getElementById("move-" + ev.dataTransfer.getData("text/plain"));
      if (!form) return;
      form.elements["publish_at"].value = slot.dataset.slot;
      form.submit();
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupSnippet();
  setupSelectAll();
  setupCalendarDrag();
});
