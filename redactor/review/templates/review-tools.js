// Helpers of the review page, loaded before review.js: page geometry (turned pages), reading an exported
// decisions file back into the page, and moving/resizing a manual box. Plain functions, no state of the page.
(function () {
  "use strict";

  // Rectangles (words, proposals, manual boxes) are kept in the unrotated page space that text extraction
  // and `redactor apply` use. A page stored with /Rotate 90, 180 or 270 is rendered turned, so a rectangle is
  // drawn through the page's to_view matrix (PyMuPDF's page.rotation_matrix) and a box drawn on the image
  // goes back through to_pdf (page.derotation_matrix). Rotations are multiples of 90 degrees, so two opposite
  // corners give the whole rectangle.
  function mapRect(m, r) {
    if (!m) return r.slice();
    const ax = m[0] * r[0] + m[2] * r[1] + m[4], ay = m[1] * r[0] + m[3] * r[1] + m[5];
    const bx = m[0] * r[2] + m[2] * r[3] + m[4], by = m[1] * r[2] + m[3] * r[3] + m[5];
    return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
  }
  const toView = (r, pg) => mapRect(pg.to_view, r);
  const toPdf = (r, pg) => mapRect(pg.to_pdf, r).map((v) => Math.round(v * 100) / 100);

  // Move (kind "move") every rectangle of a box, or resize (kind "resize") its first one from the bottom
  // right corner, by (dx, dy) page points as displayed; kept on the page and at least MIN points wide/high.
  const MIN = 4;
  function dragRects(views, dx, dy, kind, pg) {
    if (kind === "resize") {
      const [x0, y0, x1, y1] = views[0];
      const nx1 = Math.min(Math.max(x1 + dx, x0 + MIN), pg.width), ny1 = Math.min(Math.max(y1 + dy, y0 + MIN), pg.height);
      return [[x0, y0, nx1, ny1], ...views.slice(1)];
    }
    const left = Math.min(...views.map((r) => r[0])), top = Math.min(...views.map((r) => r[1]));
    const right = Math.max(...views.map((r) => r[2])), bottom = Math.max(...views.map((r) => r[3]));
    const mx = Math.min(Math.max(dx, -left), pg.width - right), my = Math.min(Math.max(dy, -top), pg.height - bottom);
    return views.map((r) => [r[0] + mx, r[1] + my, r[2] + mx, r[3] + my]);
  }

  // A box being dragged: ctx = {where(x) -> {overlay, pg}, boxes(x) -> its elements, place(el, viewRect, pg),
  // done(x, pdfRects), click(x)}. A press without movement is a click (it selects the box).
  function dragger(ctx) {
    let d = null;
    return {
      active: () => d !== null,
      start(ev, x, kind) {
        if (ev.button !== 0) return;
        ev.preventDefault();
        ev.stopPropagation();
        const { overlay, pg } = ctx.where(x);
        const views = x.rects.map((r) => toView(r, pg));
        d = { x, kind, pg, overlay, views, now: views, at: [ev.clientX, ev.clientY], moved: false };
      },
      move(ev) {
        const r = d.overlay.getBoundingClientRect();
        const dx = (ev.clientX - d.at[0]) / r.width * d.pg.width, dy = (ev.clientY - d.at[1]) / r.height * d.pg.height;
        d.moved = d.moved || Math.abs(dx) + Math.abs(dy) > 1;
        d.now = dragRects(d.views, dx, dy, d.kind, d.pg);
        ctx.boxes(d.x).forEach((b, i) => { ctx.place(b, d.now[i], d.pg); b.classList.add("dragging"); });
      },
      end() {
        const done = d;
        d = null;
        if (done.moved) ctx.done(done.x, done.now.map((v) => toPdf(v, done.pg)));
        else ctx.click(done.x);
      },
    };
  }

  // The decisions file the page exports (read by `redactor apply`; see redactor/review/decisions.py).
  function decisionsDoc(data, items, manual, name) {
    const common = (x) => ({ id: x.id, page: x.page, exemptions: x.exemptions, justification: x.justification || null,
      public_interest: x.public_interest || null, reviewer: x.reviewer, decided_at: x.decided_at });
    return {
      format: "redactor.decisions/1",
      tool: data.tool,
      source: { name: data.source.name, sha256: data.source.sha256 },
      profile: data.profile,
      reviewer: name,
      exported_at: new Date().toISOString(),
      proposals: items.map((x) => ({ ...common(x), start: x.start, end: x.end, text: x.text,
        entity_type: x.entity_type, score: x.score, recognizer: x.recognizer, rects: x.rects,
        proposed_exemptions: x.proposed, decision: x.decision, reason: x.reason || null })),
      manual: manual.map((m) => ({ ...common(m), rects: m.rects, text: m.text || "" })),
    };
  }

  // The words of page PG whose centre lies in R (both in unrotated page points).
  function wordsIn(pg, r) {
    return pg.words.filter((w) => {
      const cx = (w[1] + w[3]) / 2, cy = (w[2] + w[4]) / 2;
      return cx >= r[0] && cx <= r[2] && cy >= r[1] && cy <= r[3];
    }).map((w) => w[0]);
  }

  // The exemption list of a proposal or manual box (el: the page's element builder). The closed list shows
  // the code and title; the tooltip has every title in full.
  function exemptionSelect(x, ex, el, onChange) {
    const s = el("select", { class: "exemption", title: x.exemptions.map((c) => `${c} ${ex[c].title}`).join("; ") +
      " - change exemption (e)" });
    const options = Object.keys(ex).map((c) => [c]);
    if (x.proposed && x.proposed.length > 1) options.unshift(x.proposed);
    if (x.exemptions.length > 1 && x.exemptions.join() !== (x.proposed || []).join()) options.unshift(x.exemptions);
    for (const codes of options) {
      const v = codes.join("; ");
      s.append(el("option", { value: v, text: codes.length > 1 ? v : `${v} ${ex[v].title}` }));
    }
    s.value = x.exemptions.join("; ");
    s.addEventListener("click", (ev) => ev.stopPropagation());
    s.addEventListener("change", () => onChange(s.value.split("; ")));
    return s;
  }

  // --- an exported decisions file, read back ------------------------------------------------------------
  const isRect = (r) => Array.isArray(r) && r.length === 4 && r.every((v) => typeof v === "number" && isFinite(v))
    && r[2] > r[0] && r[3] > r[1];
  const short = (sha) => String(sha || "").slice(0, 12) + "...";

  // Check FILE (parsed JSON) against this page and work out what it changes. Returns {error} when nothing
  // may be loaded (another document, not a decisions file), else {proposals: [[item, fields]], manual: [...],
  // skipped: ["id: why"]}. A proposal is matched by id and must still be the same text at the same offsets.
  function readDecisions(file, data, items) {
    if (!file || typeof file !== "object" || file.format !== "redactor.decisions/1" || !Array.isArray(file.proposals)) {
      return { error: "Not a redactor decisions file (format redactor.decisions/1): nothing loaded." };
    }
    const src = file.source || {};
    if (src.sha256 !== data.source.sha256) {
      return { error: `This decisions file was made for ${src.name || "another file"} (sha256 ${short(src.sha256)}), ` +
        `not ${data.source.name} (sha256 ${short(data.source.sha256)}): nothing loaded.` };
    }
    const known = (codes) => Array.isArray(codes) && codes.length > 0 && codes.every((c) => c in data.exemptions);
    const byId = new Map(items.map((x) => [x.id, x]));
    const out = { proposals: [], manual: [], skipped: [] };
    for (const p of file.proposals) {
      const x = byId.get(p && p.id);
      if (!x) { out.skipped.push(`${p && p.id}: not a proposal of this page`); continue; }
      if (p.text !== x.text || p.start !== x.start || p.end !== x.end) {
        out.skipped.push(`${p.id}: its text or position differs (analysed again since?)`); continue;
      }
      if (!["pending", "accepted", "rejected"].includes(p.decision)) { out.skipped.push(`${p.id}: no decision`); continue; }
      if (!known(p.exemptions)) { out.skipped.push(`${p.id}: exemption not in profile ${data.profile}`); continue; }
      out.proposals.push([x, { decision: p.decision, exemptions: p.exemptions.slice(),
        justification: p.justification || "", public_interest: p.public_interest || "", reason: p.reason || "",
        reviewer: p.reviewer || null, decided_at: p.decided_at || null }]);
    }
    const pages = new Set(data.pages.map((pg) => pg.number));
    for (const m of file.manual || []) {
      const why = !m || typeof m.id !== "string" ? "no id" : !pages.has(m.page) ? `no page ${m.page}` :
        !Array.isArray(m.rects) || !m.rects.length || !m.rects.every(isRect) ? "bad rectangle" :
        !known(m.exemptions) ? `exemption not in profile ${data.profile}` : !m.reviewer ? "no reviewer" : null;
      if (why) { out.skipped.push(`${(m && m.id) || "manual box"}: ${why}`); continue; }
      out.manual.push({ id: m.id, kind: "manual", decision: "manual", page: m.page, rects: m.rects.map((r) => r.slice()),
        text: m.text || "", exemptions: m.exemptions.slice(), justification: m.justification || "",
        public_interest: m.public_interest || "", entity_type: "MANUAL", reviewer: m.reviewer,
        decided_at: m.decided_at || new Date().toISOString() });
    }
    return out;
  }

  window.ReviewTools = { toView, toPdf, dragRects, dragger, decisionsDoc, readDecisions, wordsIn, exemptionSelect };
})();
