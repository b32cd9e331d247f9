// Flagged images of the review page (loaded after review-tools.js, before review.js): images that look like a
// signature or a photograph (proposals' "flagged_images") are never withheld unasked. Each is drawn as a dashed
// outline (not a redaction) with its kind and reason on hover/focus, and listed under "Flagged images" with
// "Withhold" (a manual box at exactly the image's rectangle, under the exemption a new box gets) and "Release"
// (dismissed: no box). The page calls window.ReviewFlags(api) once; api = {data, el, pages, placeRect,
// addManual, manual, renderList, select, store}.
(function () {
  "use strict";

  window.ReviewFlags = function (api) {
    const flags = (api.data.flagged_images || []).map((f, i) => ({
      ...f, n: i + 1, key: `${f.page}:${f.box.map((v) => Math.round(v * 100) / 100).join(",")}`,
    }));
    const what = (f) => `Flagged ${f.kind} image, page ${f.page}` + (f.reason ? `: ${f.reason}` : "");
    let state = {}; // key -> "released" | manual box id (withheld)
    try { state = JSON.parse(localStorage.getItem(api.store) || "{}") || {}; } catch (e) { state = {}; }
    const save = () => { try { localStorage.setItem(api.store, JSON.stringify(state)); } catch (e) { /* file:// */ } };
    // withheld only while its manual box is still there (a deleted box makes the image undecided again)
    const status = (f) => state[f.key] === "released" ? "released" :
      state[f.key] && api.manual.some((m) => m.id === state[f.key]) ? "withheld" : "undecided";

    function withhold(f) {
      const box = f.box.map((v) => Math.round(v * 100) / 100);
      const m = api.addManual(f.page, [box], "");
      if (!m) return;
      state[f.key] = m.id;
      save(); refresh(); api.renderList(); api.select(m, true);
    }

    function release(f) {
      state[f.key] = "released";
      save(); refresh(); api.renderList();
    }

    function refresh() {
      document.querySelectorAll(".overlay .flag").forEach((o) => {
        const f = flags[Number(o.dataset.flag) - 1];
        o.className = `flag ${status(f)}`;
      });
    }

    function draw() {
      for (const f of flags) {
        const where = api.pages.get(f.page);
        if (!where) continue;
        const o = api.el("div", { class: "flag", "data-flag": String(f.n), tabindex: "0", title: what(f),
          "aria-label": what(f) }, api.el("span", { class: "flag-tag", text: `${f.kind}: ${f.reason || "flagged"}` }));
        api.placeRect(o, f.box, where.pg);
        o.addEventListener("click", (ev) => {
          ev.stopPropagation();
          document.querySelector(`.flag-item[data-flag="${f.n}"]`)?.scrollIntoView({ block: "nearest" });
        });
        where.overlay.append(o);
      }
      refresh();
    }

    function list(host) {
      if (!flags.length) return;
      const h = api.el("h3", { text: `Flagged images (${flags.length})` });
      h.style.setProperty("--c", "#a0522d");
      host.append(h);
      for (const f of flags) {
        const st = status(f);
        const e = api.el("div", { class: `item flag-item ${st}`, "data-flag": String(f.n) },
          api.el("div", { class: "head" }, api.el("span", { class: "text", text: `${f.kind} image` }),
            api.el("span", { class: "status", text: st })),
          api.el("div", { class: "meta", text: what(f) }),
          api.el("div", { class: "controls" },
            api.el("button", { type: "button", class: "withhold", text: "Withhold",
              title: "Withhold the image: a manual box over it, under the exemption of a new box",
              onclick: (ev) => { ev.stopPropagation(); withhold(f); } }),
            api.el("button", { type: "button", class: "release", text: "Release",
              title: "Release the image as it is (no box)", onclick: (ev) => { ev.stopPropagation(); release(f); } })));
        e.querySelector(".withhold").disabled = st === "withheld";
        e.addEventListener("click", () => document.querySelector(`.flag[data-flag="${f.n}"]`)
          ?.scrollIntoView({ block: "center" }));
        host.append(e);
      }
      refresh();
    }

    return { draw, list };
  };
})();
