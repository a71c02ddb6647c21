// The network page: draws /network/data.json with Cytoscape. Labels are set
// as text (Cytoscape never parses them as HTML; the side panel uses
// textContent), so a name can never run as code.
(function () {
  "use strict";
  var el = document.getElementById("cy");
  if (!el || typeof cytoscape === "undefined") { return; }
  if (typeof cytoscapeFcose !== "undefined") { cytoscape.use(cytoscapeFcose); }

  var COLORS = {
    police: "#1f4e79", municipal_agency: "#3b8a3e", business: "#c77c0e",
    community_organization: "#7b3fa0", resident_group: "#c2185b", school: "#00838f",
    health: "#d84315", faith: "#6d5d3b", other: "#607d8b"
  };
  // Communities: a palette of distinct colours, repeated past its end.
  var COMMUNITY_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
  var status = document.getElementById("graph-status");
  var side = document.getElementById("side");
  var meanings = {};
  try { meanings = JSON.parse(el.dataset.meanings || "{}"); } catch (e) { meanings = {}; }
  var cy;

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (cls) { node.className = cls; }
    return node;
  }

  function sizeBy(metric) {
    var max = 0;
    cy.nodes().forEach(function (n) { max = Math.max(max, n.data(metric) || 0); });
    cy.nodes().forEach(function (n) {
      var share = max ? (n.data(metric) || 0) / max : 0;
      n.style({ width: 14 + 40 * share, height: 14 + 40 * share });
    });
  }

  function showPerson(node) {
    var d = node.data();
    side.replaceChildren();
    side.appendChild(text("h2", d.label));
    side.appendChild(text("p", d.organization || "No organization", "muted"));
    var list = document.createElement("dl");
    list.className = "facts small";
    ["degree", "betweenness", "closeness", "eigenvector", "constraint", "effective_size",
     "community"].forEach(function (key) {
      if (d[key] === null || d[key] === undefined) { return; }
      list.appendChild(text("dt", key.replace("_", " ")));
      var value = text("dd", typeof d[key] === "number" && key !== "community" ?
        d[key].toFixed(3) : String(d[key]));
      if (meanings[key]) { value.appendChild(text("span", meanings[key], "meaning")); }
      list.appendChild(value);
    });
    side.appendChild(list);
    if (d.roles && d.roles.length) {
      side.appendChild(text("h3", "Roles on cases"));
      var roles = document.createElement("ul");
      roles.className = "list small";
      d.roles.forEach(function (role) { roles.appendChild(text("li", role)); });
      side.appendChild(roles);
    }
    side.appendChild(text("h3", "Ties"));
    var ties = document.createElement("ul");
    ties.className = "list small";
    node.connectedEdges().sort(function (a, b) { return b.data("weight") - a.data("weight"); })
      .forEach(function (edge) {
        var other = edge.source().id() === node.id() ? edge.target() : edge.source();
        ties.appendChild(text("li", other.data("label") + " · " + edge.data("weight").toFixed(2) +
          " · " + edge.data("state") + (edge.data("last_contact") ? " · last contact " + edge.data("last_contact") : "")));
      });
    side.appendChild(ties);
    var links = document.createElement("p");
    var page = text("a", "Their page");
    page.href = "/people/" + d.id;
    var whatIf = text("a", "What if they leave?");
    whatIf.href = "/network/what-if?person=" + d.id;
    var ego = text("a", "Their neighbourhood");
    ego.href = "/network?person=" + d.id + "&radius=2";
    [page, whatIf, ego].forEach(function (a, i) {
      if (i) { links.appendChild(document.createTextNode(" · ")); }
      links.appendChild(a);
    });
    side.appendChild(links);
  }

  fetch(el.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var elements = data.nodes.map(function (n) {
        var d = Object.assign({}, n, { id: String(n.id), label: n.name,
          color: COLORS[n.organization_kind] || COLORS.other,
          kindColor: COLORS[n.organization_kind] || COLORS.other,
          communityColor: n.community === null || n.community === undefined ? "#bbbbbb" :
            COMMUNITY_COLORS[n.community % COMMUNITY_COLORS.length] });
        return { data: d };
      }).concat(data.edges.map(function (e, i) {
        return { data: Object.assign({}, e, { id: "e" + i, source: String(e.source),
          target: String(e.target) }) };
      }));
      var big = data.nodes.length > 500;
      cy = cytoscape({
        container: el,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "background-color": "data(color)", label: "data(label)",
            "font-size": 9, color: "#1b2430", "text-valign": "bottom", "text-margin-y": 2 } },
          { selector: "node:selected", style: { "border-width": 4, "border-color": "#000" } },
          { selector: "edge", style: { width: "mapData(weight, 0, 1, 1, 8)", "line-color": "#9aa7b6",
            "curve-style": "haystack", opacity: 0.8 } },
          { selector: "edge[state = 'cooling']", style: { "line-style": "dotted" } },
          { selector: "edge[state = 'cold']", style: { "line-style": "dashed", opacity: 0.5 } }
        ],
        layout: { name: typeof cytoscapeFcose !== "undefined" ? "fcose" : "cose",
          quality: big ? "draft" : "default", randomize: true, animate: false }
      });
      sizeBy("betweenness");
      status.textContent = (data.note ? data.note + " " : "") +
        data.nodes.length + " people, " + data.edges.length + " ties drawn" +
        (data.betweenness_method !== "exact" ? "; betweenness estimated from " +
          data.sample_size + " sampled people" : "") +
        (data.hidden_people ? "; " + data.hidden_people + " people you may not see are left out" : "") + ".";
      cy.on("tap", "node", function (event) { showPerson(event.target); });
      // A name typed while the graph was still being drawn.
      if (find.value.trim().length >= 2) { findPerson(); }
    })
    .catch(function () { status.textContent = "The network could not be drawn; the tables below have the findings."; });

  document.getElementById("size-by").addEventListener("change", function (event) {
    if (cy) { sizeBy(event.target.value); }
  });
  var colorBy = document.getElementById("color-by");
  if (colorBy) {
    colorBy.addEventListener("change", function () {
      if (!cy) { return; }
      var key = colorBy.value === "community" ? "communityColor" : "kindColor";
      cy.nodes().forEach(function (n) { n.data("color", n.data(key)); });
      document.querySelectorAll(".legend-kinds, .legend-communities").forEach(function (legend) {
        legend.hidden = !legend.classList.contains(
          colorBy.value === "community" ? "legend-communities" : "legend-kinds");
      });
    });
  }
  // With a strict filter many people are left without a tie: on request they
  // are hidden (and said so) instead of piled up with overlapping labels.
  var hideAlone = document.getElementById("hide-isolated");
  if (hideAlone) {
    hideAlone.addEventListener("change", function () {
      if (!cy) { return; }
      var alone = cy.nodes().filter(function (n) { return n.degree(false) === 0; });
      alone.style("display", hideAlone.checked ? "none" : "element");
      var shown = cy.elements().filter(function (e) { return e.style("display") !== "none"; });
      shown.layout({ name: typeof cytoscapeFcose !== "undefined" ? "fcose" : "cose",
        quality: "draft", randomize: true, animate: false }).run();
      document.getElementById("isolated-note").textContent = hideAlone.checked ?
        alone.length + (alone.length === 1 ? " person" : " people") + " without a tie hidden." : "";
    });
  }
  var find = document.getElementById("find");
  function findPerson() {
    if (!cy) { return; }
    var query = find.value.trim().toLowerCase();
    cy.nodes().unselect();
    if (query.length < 2) { return; }
    var match = cy.nodes().filter(function (n) { return n.data("label").toLowerCase().indexOf(query) !== -1; });
    if (match.length) {
      match.select();
      cy.animate({ fit: { eles: match, padding: 80 } }, { duration: 300 });
      showPerson(match[0]);
    }
  }
  find.addEventListener("input", findPerson);
  document.getElementById("save-png").addEventListener("click", function () {
    if (!cy) { return; }
    var link = document.createElement("a");
    link.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
    link.download = "network.png";
    link.click();
  });
})();
