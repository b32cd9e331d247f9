// Redaction review page. Plain script, no library, no network: everything it needs is in #review-data.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("review-data").textContent);
  const EX = DATA.exemptions;               // code -> {code, title, type, justification, public_interest}
  const CODES = Object.keys(EX);
  const PALETTE = ["#d91a1a", "#1a59d9", "#008c40", "#bf6600", "#8c26b3", "#00808c", "#b31a73", "#595900"];
  const STEM = DATA.source.name.replace(/\.pdf$/i, "");
  const STORE = "redactor-review:" + DATA.source.sha256;
  const RT = window.ReviewTools;            // review-tools.js: geometry, reading decisions back, dragging
  const $ = (sel, root) => (root || document).querySelector(sel);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const kid of kids) if (kid != null) e.append(kid);
    return e;
  };

  // --- state ----------------------------------------------------------------------------------------
  const items = DATA.proposals.map((p) => ({
    ...p, kind: "proposal", proposed: p.exemptions.slice(),
    justification: p.justification || "", public_interest: p.public_interest || "",
    reason: "", reviewer: null, decided_at: null,
  }));
  const manual = [];
  let selected = null;   // an item or a manual entry
  let mode = null;       // null | "draw" | "words"
  const wordSel = new Map(); // "page:index" -> {page, rect}

  const colour = (codes) => PALETTE[Math.max(0, CODES.indexOf(codes[0])) % PALETTE.length];
  const defaultJust = (codes) => codes.map((c) => EX[c].justification).join(" ");
  const defaultPI = (codes) => codes.filter((c) => EX[c].type === "qualified" && EX[c].public_interest)
    .map((c) => EX[c].public_interest).join(" ");
  const now = () => new Date().toISOString();
  const all = () => items.concat(manual);
  const byId = (id) => all().find((x) => x.id === id);

  function reviewer() {
    const name = $("#reviewer").value.trim();
    if (!name) {
      say("Enter your name as reviewer first: every decision records who made it.");
      $("#reviewer").focus();
    }
    return name;
  }

  let msgTimer = null;
  function say(text, long) {
    const m = $("#msg");
    m.textContent = text;
    m.classList.add("show");
    clearTimeout(msgTimer);
    msgTimer = setTimeout(() => m.classList.remove("show"), long ? 12000 : 4000);
  }

  function stamp(x, name) { x.reviewer = name; x.decided_at = now(); }

  function setDecision(x, decision) {
    if (x.kind !== "proposal") return;
    const name = reviewer();
    if (!name) return;
    x.decision = decision;
    stamp(x, name);
    changed(x);
  }

  function setExemption(x, codes) {
    const name = reviewer();
    if (!name) { refreshItem(x); return; }
    const oldJust = defaultJust(x.exemptions), oldPI = defaultPI(x.exemptions);
    x.exemptions = codes;
    if (!x.justification || x.justification === oldJust) x.justification = defaultJust(codes);
    if (!x.public_interest || x.public_interest === oldPI) x.public_interest = defaultPI(codes);
    // relabelling a proposal is a decision to withhold it under the new code
    if (x.kind === "proposal" && x.decision === "pending") x.decision = "accepted";
    stamp(x, name);
    changed(x);
  }

  function acceptEntity(entity) {
    const name = reviewer();
    if (!name) return;
    let n = 0;
    for (const x of items) {
      if (x.entity_type === entity && x.decision === "pending") { x.decision = "accepted"; stamp(x, name); n++; }
    }
    say(`Accepted ${n} pending ${entity} proposal(s).`);
    save(); renderBoxes(); renderList();
  }

  // Every pending proposal the filter shows, in one click, after a confirmation that says how many.
  function acceptAll() {
    const name = reviewer();
    if (!name) return;
    const pending = items.filter((x) => x.decision === "pending");
    const todo = pending.filter(passesFilter);
    const left = pending.length - todo.length;
    const leftNote = left ? ` ${left} pending proposal(s) hidden by the score filter stay pending.` : "";
    if (!todo.length) { say(`No pending proposal to accept.${leftNote}`); return; }
    if (!window.confirm(`Accept all ${todo.length} pending proposal(s), each withheld under its proposed ` +
      `exemption, as decided by ${name}?${leftNote}`)) return;
    for (const x of todo) { x.decision = "accepted"; stamp(x, name); }
    say(`Accepted ${todo.length} pending proposal(s).${leftNote}`);
    save(); renderBoxes(); renderList();
  }

  // An exported NAME.decisions.json read back into the page (only one made for this very file).
  function loadDecisions(file) {
    const reader = new FileReader();
    reader.onload = () => {
      let parsed = null;
      try { parsed = JSON.parse(reader.result); } catch (e) { say(`${file.name}: not JSON: nothing loaded.`, true); return; }
      const got = RT.readDecisions(parsed, DATA, items);
      if (got.error) { say(`${file.name}: ${got.error}`, true); return; }
      const made = items.filter((x) => x.decision !== "pending").length;
      if ((made || manual.length) && !window.confirm(`Replace the ${made} decision(s) and ${manual.length} manual ` +
        `box(es) made in this page with those in ${file.name}?`)) return;
      for (const [x, fields] of got.proposals) Object.assign(x, fields);
      manual.splice(0, manual.length, ...got.manual);
      if (!$("#reviewer").value.trim() && parsed.reviewer) $("#reviewer").value = parsed.reviewer;
      selected = null;
      save(); renderBoxes(); renderList();
      const skipped = got.skipped.length ? ` Skipped ${got.skipped.length}: ${got.skipped.slice(0, 3).join("; ")}.` : "";
      say(`Loaded ${got.proposals.length} decision(s) and ${got.manual.length} manual box(es) from ${file.name}.` +
        skipped, true);
    };
    reader.readAsText(file);
  }

  function addManual(page, rects, text) {
    const name = reviewer();
    if (!name) return null;
    const codes = [$("#manual-code").value];
    let n = 1;
    while (byId(`m${page}-${String(n).padStart(4, "0")}`)) n++;
    const m = {
      id: `m${page}-${String(n).padStart(4, "0")}`, kind: "manual", decision: "manual", page, rects, text,
      exemptions: codes, justification: defaultJust(codes), public_interest: defaultPI(codes),
      entity_type: "MANUAL", reviewer: name, decided_at: now(),
    };
    manual.push(m);
    save(); renderBoxes(); renderList(); select(m);
    return m;
  }

  function removeManual(m) {
    manual.splice(manual.indexOf(m), 1);
    if (selected === m) selected = null;
    save(); renderBoxes(); renderList();
  }

  function changed(x) {
    save();
    refreshItem(x);
    document.querySelectorAll(`.box[data-id="${x.id}"]`).forEach((b) => styleBox(b, x));
    progress();
  }

  // --- persistence in this browser (a closed tab loses nothing) -------------------------------------
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify({
        reviewer: $("#reviewer").value,
        items: items.map((x) => [x.id, x.decision, x.exemptions, x.justification, x.public_interest, x.reason,
          x.reviewer, x.decided_at]),
        manual,
      }));
    } catch (e) { /* storage may be disabled for file:// pages: export still works */ }
  }

  function restore() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(STORE) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    $("#reviewer").value = saved.reviewer || "";
    const map = new Map(saved.items.map((r) => [r[0], r]));
    let n = 0;
    for (const x of items) {
      const r = map.get(x.id);
      if (!r) continue;
      [, x.decision, x.exemptions, x.justification, x.public_interest, x.reason, x.reviewer, x.decided_at] = r;
      if (x.decision !== "pending") n++;
    }
    for (const m of saved.manual || []) manual.push(m);
    if (n || manual.length) say(`Restored ${n} decision(s) and ${manual.length} manual box(es) from this browser.`);
  }

  // --- pages ----------------------------------------------------------------------------------------
  const pageEls = new Map();

  function pct(v, total) { return (100 * v / total) + "%"; }

  // r in unrotated page points (as extracted and applied); the image shows the page turned by its /Rotate
  function placeRect(e, r, pg) { placeView(e, RT.toView(r, pg), pg); }

  function placeView(e, r, pg) {
    e.style.left = pct(r[0], pg.width);
    e.style.top = pct(r[1], pg.height);
    e.style.width = pct(r[2] - r[0], pg.width);
    e.style.height = pct(r[3] - r[1], pg.height);
  }

  function renderPages() {
    const host = $("#pages");
    for (const pg of DATA.pages) {
      const overlay = el("div", { class: "overlay" });
      const div = el("div", { class: "page", id: `page-${pg.number}`, "data-page": pg.number },
        el("img", { src: pg.image, alt: `page ${pg.number}`, draggable: "false" }),
        el("span", { class: "num", text: `page ${pg.number}` }), overlay);
      host.append(div);
      pageEls.set(pg.number, { div, overlay, pg });
      overlay.addEventListener("mousedown", (ev) => startDraw(ev, pg, overlay));
    }
  }

  function styleBox(b, x) {
    b.style.setProperty("--c", colour(x.exemptions));
    b.className = `box ${x.decision}` + (passesFilter(x) ? "" : " filtered") + (selected === x ? " selected" : "") +
      (b.dataset.side === "left" ? " tag-left" : "");
    const tag = b.querySelector(".tag");
    if (tag) tag.textContent = x.exemptions.join("; ") + (x.decision === "rejected" ? " (rejected)" : "");
  }

  function renderBoxes() {
    document.querySelectorAll(".overlay .box").forEach((b) => b.remove());
    for (const x of all()) {
      const { overlay, pg } = pageEls.get(x.page);
      x.rects.forEach((r, i) => {
        const b = el("div", { "data-id": x.id, title: `${x.id} ${x.entity_type} ${x.text || ""}` });
        const view = RT.toView(r, pg);
        if (view[2] > 0.75 * pg.width) b.dataset.side = "left"; // the tag goes where there is room
        if (i === 0) {
          b.append(el("span", { class: "tag" }));
          b.setAttribute("tabindex", "0"); // Tab reaches each box; focus selects it and shows its tag
          b.addEventListener("focus", () => { if (selected !== x) select(x, true); });
        }
        if (i === 0 && x.kind === "manual" && x.rects.length === 1) {
          const grip = el("span", { class: "grip", title: "Drag to resize (Alt+Shift+arrows)" });
          grip.addEventListener("mousedown", (ev) => startDrag(ev, x, "resize"));
          b.append(grip);
        }
        placeView(b, view, pg);
        styleBox(b, x);
        b.addEventListener("mousedown", (ev) => {
          if (mode) return;
          ev.stopPropagation();
          if (x.kind === "manual") startDrag(ev, x, "move");
        });
        b.addEventListener("click", (ev) => { if (!mode) { ev.stopPropagation(); select(x, true); } });
        overlay.append(b);
      });
    }
  }

  // Moving / resizing a manual box: by mouse (drag the box or its corner grip) or keyboard (Alt+arrows).
  const drag = RT.dragger({
    where: (x) => pageEls.get(x.page), boxes: (x) => document.querySelectorAll(`.box[data-id="${x.id}"]`),
    place: placeView, done: (x, rects) => setRects(x, rects), click: (x) => select(x, true),
  });
  const startDrag = (ev, x, kind) => { if (!mode) drag.start(ev, x, kind); };
  function nudge(x, dx, dy, kind) {
    const { pg } = pageEls.get(x.page);
    const views = RT.dragRects(x.rects.map((r) => RT.toView(r, pg)), dx, dy, kind, pg);
    setRects(x, views.map((v) => RT.toPdf(v, pg)));
  }

  function setRects(x, rects) {
    const name = reviewer();
    if (!name) { renderBoxes(); return; }
    const { pg } = pageEls.get(x.page);
    x.rects = rects;
    x.text = rects.flatMap((r) => wordsIn(pg, r)).join(" ");
    stamp(x, name);
    save(); renderBoxes(); renderList(); select(x, false);
    document.querySelector(`.box[data-id="${x.id}"]`)?.focus({ preventScroll: true });
  }

  // Drawing a manual box: drawn on the page as displayed, kept in unrotated PDF points (see placeRect).
  let drawing = null;
  function viewPoint(ev, pg, overlay) {
    const r = overlay.getBoundingClientRect();
    const x = Math.min(Math.max(ev.clientX - r.left, 0), r.width);
    const y = Math.min(Math.max(ev.clientY - r.top, 0), r.height);
    return [x / r.width * pg.width, y / r.height * pg.height];
  }

  function startDraw(ev, pg, overlay) {
    if (mode !== "draw" || ev.button !== 0) return;
    ev.preventDefault();
    const start = viewPoint(ev, pg, overlay);
    const ghost = el("div", { class: "drawing" });
    overlay.append(ghost);
    drawing = { pg, overlay, start, ghost, rect: [...start, ...start] };
  }

  document.addEventListener("mousemove", (ev) => {
    if (drag.active()) { drag.move(ev); return; }
    if (!drawing) return;
    const [x, y] = viewPoint(ev, drawing.pg, drawing.overlay);
    const [sx, sy] = drawing.start;
    drawing.rect = [Math.min(sx, x), Math.min(sy, y), Math.max(sx, x), Math.max(sy, y)];
    placeView(drawing.ghost, drawing.rect, drawing.pg);
  });

  document.addEventListener("mouseup", () => {
    if (drag.active()) { drag.end(); return; }
    if (!drawing) return;
    const { pg, ghost, rect } = drawing;
    drawing = null;
    ghost.remove();
    if (rect[2] - rect[0] < 2 || rect[3] - rect[1] < 2) return; // a click, not a box
    const r = RT.toPdf(rect, pg);
    addManual(pg.number, [r], wordsIn(pg, r).join(" "));
  });

  const wordsIn = RT.wordsIn;

  // A new box from the keyboard (n): mid-way down the page in view; Alt+arrows then place and size it.
  function newBoxHere() {
    const mid = window.innerHeight / 2;
    const hit = [...pageEls.values()].find(({ div }) => div.getBoundingClientRect().bottom >= mid) || pageEls.get(1);
    const { pg } = hit, r = hit.div.getBoundingClientRect();
    const cy = Math.min(Math.max((mid - r.top) / r.height * pg.height, 20), pg.height - 20);
    const rect = RT.toPdf([pg.width / 2 - 40, cy - 8, pg.width / 2 + 40, cy + 8], pg);
    const m = addManual(pg.number, [rect], wordsIn(pg, rect).join(" "));
    if (m) document.querySelector(`.box[data-id="${m.id}"]`)?.focus();
  }

  function showWords(on) {
    document.querySelectorAll(".overlay .word").forEach((w) => w.remove());
    if (!on) return;
    for (const { overlay, pg } of pageEls.values()) {
      pg.words.forEach((w, i) => {
        const key = `${pg.number}:${i}`;
        const d = el("div", { class: "word" + (wordSel.has(key) ? " sel" : ""), title: w[0] });
        placeRect(d, w.slice(1), pg);
        d.addEventListener("click", (ev) => {
          ev.stopPropagation();
          if (wordSel.has(key)) { wordSel.delete(key); d.classList.remove("sel"); }
          else { wordSel.set(key, { page: pg.number, rect: w.slice(1), text: w[0] }); d.classList.add("sel"); }
          $("#add-words").disabled = wordSel.size === 0;
        });
        overlay.append(d);
      });
    }
  }

  function addSelectedWords() {
    if (!wordSel.size) return;
    const byPage = new Map();
    for (const w of wordSel.values()) {
      if (!byPage.has(w.page)) byPage.set(w.page, []);
      byPage.get(w.page).push(w);
    }
    for (const [page, ws] of byPage) {
      if (!addManual(page, ws.map((w) => w.rect), ws.map((w) => w.text).join(" "))) return;
    }
    wordSel.clear();
    $("#add-words").disabled = true;
    setMode(null);
  }

  function setMode(m) {
    mode = mode === m ? null : m;
    $("#mode-draw").classList.toggle("on", mode === "draw");
    $("#mode-words").classList.toggle("on", mode === "words");
    document.body.classList.toggle("mode-draw", mode === "draw");
    showWords(mode === "words");
    if (mode === "draw") say("Draw mode: drag a box on a page. Esc to leave.");
    if (mode === "words") say("Word mode: click words, then 'Redact selected words' (Enter). Esc to leave.");
  }

  // --- side list ------------------------------------------------------------------------------------
  function passesFilter(x) {
    if (x.kind === "manual") return true;
    if (x.score < parseFloat($("#min-score").value)) return false;
    return !($("#pending-only").checked && x.decision !== "pending");
  }

  const exemptionSelect = (x) => RT.exemptionSelect(x, EX, el, (codes) => setExemption(x, codes));

  function itemEl(x) {
    const e = el("div", { class: "item", "data-id": x.id, tabindex: "-1" });
    e.addEventListener("click", () => select(x, false));
    const head = el("div", { class: "head" },
      el("span", { class: "text", text: x.text || "(area: no text)" }),
      el("span", { class: "status" }));
    const meta = el("div", { class: "meta",
      text: x.kind === "manual" ? `${x.id} - page ${x.page} - manual` :
        `${x.id} - page ${x.page} - ${x.entity_type} - score ${x.score.toFixed(2)} - ${x.recognizer}` });
    const controls = el("div", { class: "controls" });
    if (x.kind === "proposal") {
      controls.append(
        el("button", { type: "button", class: "accept", title: "Accept (a)", text: "Accept",
          onclick: (ev) => { ev.stopPropagation(); setDecision(x, "accepted"); } }),
        el("button", { type: "button", class: "reject", title: "Reject (r)", text: "Reject",
          onclick: (ev) => { ev.stopPropagation(); setDecision(x, "rejected"); select(x, false);
            $(".reason", e).focus(); } }));
    } else {
      controls.append(el("button", { type: "button", class: "delete", text: "Delete",
        onclick: (ev) => { ev.stopPropagation(); removeManual(x); } }));
    }
    controls.append(exemptionSelect(x));
    const details = el("div", { class: "details" });
    const field = (label, cls, key, tag) => {
      const input = el(tag, { class: cls, "aria-label": label, placeholder: label });
      input.value = x[key] || "";
      input.addEventListener("click", (ev) => ev.stopPropagation());
      input.addEventListener("input", () => {
        const name = reviewer();
        if (!name) { input.value = x[key] || ""; return; }
        x[key] = input.value;
        stamp(x, name);
        save();
      });
      return el("label", {}, el("div", { class: "meta", text: label }), input);
    };
    details.append(field("Justification (shown to the requester in the schedule)", "justification",
      "justification", "textarea"));
    details.append(field("Public interest reasoning (qualified exemptions)", "public-interest", "public_interest",
      "textarea"));
    if (x.kind === "proposal") details.append(field("Reason for rejecting (internal)", "reason", "reason", "input"));
    e.append(head, meta, controls, details);
    refreshItem(x, e);
    return e;
  }

  function refreshItem(x, e) {
    e = e || document.querySelector(`.item[data-id="${x.id}"]`);
    if (!e) return;
    e.style.setProperty("--c", colour(x.exemptions));
    e.classList.remove("pending", "accepted", "rejected", "manual");
    e.classList.add(x.decision);
    e.classList.toggle("selected", selected === x);
    e.classList.toggle("hidden", !passesFilter(x));
    $(".status", e).textContent = x.decision + (x.reviewer ? ` by ${x.reviewer}` : "");
    const s = $("select.exemption", e);
    if (s && s.value !== x.exemptions.join("; ")) s.replaceWith(exemptionSelect(x));
    const pi = $(".public-interest", e);
    if (pi) pi.closest("label").classList.toggle("hidden", !x.exemptions.some((c) => EX[c].type === "qualified"));
    const just = $(".justification", e);
    if (just && document.activeElement !== just) just.value = x.justification || "";
    const piv = $(".public-interest", e);
    if (piv && document.activeElement !== piv) piv.value = x.public_interest || "";
  }

  function renderList() {
    const list = $("#list");
    list.replaceChildren();
    const groups = new Map(); // proposed exemption -> entity -> items
    for (const x of items) {
      const g = x.proposed.join("; ");
      if (!groups.has(g)) groups.set(g, new Map());
      const ents = groups.get(g);
      if (!ents.has(x.entity_type)) ents.set(x.entity_type, []);
      ents.get(x.entity_type).push(x);
    }
    for (const [g, ents] of groups) {
      const codes = g.split("; ");
      const n = [...ents.values()].reduce((a, v) => a + v.length, 0);
      const h = el("h3", { text: `${g} - ${codes.map((c) => EX[c].title).join("; ")} (${n})` });
      h.style.setProperty("--c", colour(codes));
      list.append(h);
      for (const [entity, xs] of ents) {
        list.append(el("h4", {}, el("span", { text: `${entity} (${xs.length})` }),
          el("button", { type: "button", class: "accept-entity", "data-entity": entity,
            title: "Accept every pending proposal of this entity type (A)",
            text: `Accept all pending ${entity}`, onclick: () => acceptEntity(entity) })));
        for (const x of xs) list.append(itemEl(x));
      }
    }
    if (!items.length) list.append(el("p", { text: "The tool proposed nothing for this document." }));
    const mh = el("h3", { text: `Manual redactions (${manual.length})` });
    mh.style.setProperty("--c", "#333");
    list.append(mh);
    for (const m of manual) list.append(itemEl(m));
    if (!manual.length) list.append(el("p", { class: "meta", text: "Draw a box (d) or select words (w) to add one." }));
    flags.list(list); // review-flags.js: signatures and photographs, for a decision
    progress();
  }

  function progress() {
    const done = items.filter((x) => x.decision !== "pending").length;
    $("#progress").textContent = `${done}/${items.length} decided, ${manual.length} manual`;
  }

  function applyFilter() {
    $("#min-score-val").textContent = parseFloat($("#min-score").value).toFixed(2);
    for (const x of all()) {
      refreshItem(x);
      document.querySelectorAll(`.box[data-id="${x.id}"]`).forEach((b) => styleBox(b, x));
    }
  }

  function select(x, scrollList) {
    const prev = selected;
    selected = x;
    if (prev) { refreshItem(prev); document.querySelectorAll(`.box[data-id="${prev.id}"]`).forEach((b) => styleBox(b, prev)); }
    if (!x) return;
    refreshItem(x);
    const boxes = document.querySelectorAll(`.box[data-id="${x.id}"]`);
    boxes.forEach((b) => styleBox(b, x));
    if (boxes[0]) boxes[0].scrollIntoView({ block: "center", behavior: "auto" });
    const e = document.querySelector(`.item[data-id="${x.id}"]`);
    if (e && scrollList) e.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const visible = all().filter(passesFilter);
    if (!visible.length) return;
    const i = visible.indexOf(selected);
    const next = i < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(i + step, 0), visible.length - 1);
    select(visible[next], true);
  }

  // --- export ---------------------------------------------------------------------------------------
  function exportDecisions() {
    const name = reviewer();
    if (!name) return;
    const doc = RT.decisionsDoc(DATA, items, manual, name);
    const blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: `${STEM}.decisions.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    const pending = items.filter((x) => x.decision === "pending").length;
    say(pending ? `Exported. ${pending} proposal(s) still pending: 'redactor apply' refuses until all are decided.`
      : `Exported ${STEM}.decisions.json.`);
  }

  // --- keyboard -------------------------------------------------------------------------------------
  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (ev.key === "Escape") { document.activeElement.blur(); if (mode) setMode(mode); return; }
    const step = { ArrowLeft: [-2, 0], ArrowRight: [2, 0], ArrowUp: [0, -2], ArrowDown: [0, 2] }[ev.key];
    if (step && ev.altKey && !typing && selected && selected.kind === "manual") {
      ev.preventDefault();
      nudge(selected, step[0], step[1], ev.shiftKey ? "resize" : "move");
      return;
    }
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") { ev.preventDefault(); exportDecisions(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const x = selected;
    const itemBox = x && document.querySelector(`.item[data-id="${x.id}"]`);
    const keys = {
      j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
      a: () => x && setDecision(x, "accepted"),
      r: () => { if (x && x.kind === "proposal") { setDecision(x, "rejected"); const r = itemBox && $(".reason", itemBox); if (r) r.focus(); } },
      e: () => itemBox && $("select.exemption", itemBox).focus(),
      t: () => itemBox && $(".justification", itemBox).focus(),
      A: () => x && x.kind === "proposal" && acceptEntity(x.entity_type),
      d: () => setMode("draw"), w: () => setMode("words"), n: () => newBoxHere(),
      Enter: () => mode === "words" && addSelectedWords(),
      "/": () => $("#min-score").focus(),
      "?": () => { $("#help").hidden = !$("#help").hidden; },
    };
    const f = keys[ev.key];
    if (f) { ev.preventDefault(); f(); }
  });

  // --- start ----------------------------------------------------------------------------------------
  $("#doc-name").textContent = `${DATA.source.name} - ${DATA.profile}`;
  $("#doc-name").title = `${DATA.source.name} - profile ${DATA.profile} - sha256 ${DATA.source.sha256}`;
  for (const c of CODES) $("#manual-code").append(el("option", { value: c, text: `${c} ${EX[c].title}` }));
  $("#min-score").addEventListener("input", applyFilter);
  $("#pending-only").addEventListener("change", applyFilter);
  $("#reviewer").addEventListener("change", save);
  $("#mode-draw").addEventListener("click", () => setMode("draw"));
  $("#mode-words").addEventListener("click", () => setMode("words"));
  $("#add-words").addEventListener("click", addSelectedWords);
  $("#export").addEventListener("click", exportDecisions);
  $("#accept-all").addEventListener("click", acceptAll);
  $("#load").addEventListener("click", () => $("#load-file").click());
  $("#load-file").addEventListener("change", (ev) => { if (ev.target.files[0]) loadDecisions(ev.target.files[0]); ev.target.value = ""; });
  $("#help-toggle").addEventListener("click", () => { $("#help").hidden = !$("#help").hidden; });
  restore();
  renderPages();
  const flags = window.ReviewFlags({ data: DATA, el, pages: pageEls, placeRect, addManual, manual, renderList, select,
    store: STORE + ":flags" });
  flags.draw();
  renderBoxes();
  renderList();
  const barHeight = () => document.documentElement.style.setProperty("--bar-h", $("#bar").offsetHeight + "px");
  barHeight(); window.addEventListener("resize", barHeight);
  document.body.dataset.ready = "1";
})();
