/* Training figures: one ECharts chart per grouping. Every bar is a link to the records
   behind it (the classes, the person-times, the cadres covered). Data comes from the
   json_script #figures-data written by the page. */
(function () {
  "use strict";
  var source = document.getElementById("figures-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("figures-labels").textContent);
  var palette = ["#b91c1c", "#2563eb", "#d97706", "#059669"];
  var charts = [];

  function countsOption(rows, horizontal) {
    var names = rows.map(function (row) { return row.name; });
    function series(key, name, color) {
      return {
        name: name, type: "bar", barMaxWidth: 28, cursor: "pointer",
        itemStyle: { color: color },
        label: { show: true, position: horizontal ? "right" : "top", formatter: function (p) { return p.value || ""; } },
        data: rows.map(function (row) { return { value: row[key], href: row[key + "_href"] }; })
      };
    }
    var category = { type: "category", data: names, inverse: horizontal,
                     axisLabel: horizontal ? { width: 140, overflow: "truncate" } : { interval: 0 } };
    var value = { type: "value", minInterval: 1 };
    return {
      color: palette,
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [series("classes", labels.classes, palette[1]), series("person_times", labels.person_times, palette[0])]
    };
  }

  function coverageOption(rows) {
    return {
      color: palette,
      grid: { left: 8, right: 64, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", formatter: function (p) {
        return echarts.format.encodeHTML(p.name + ": " + p.data.trained + " / " + p.data.cadres + " (" + p.data.value + "%)");
      } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (row) { return row.name; }), axisLabel: { width: 160, overflow: "truncate" } },
      series: [{ type: "bar", barMaxWidth: 24, cursor: "pointer", itemStyle: { color: palette[3] },
                 label: { show: true, position: "right", formatter: "{c}%" },
                 data: rows.map(function (row) { return { value: row.percent, trained: row.trained, cadres: row.cadres, href: row.trained_href }; }) }]
    };
  }

  [["by_kind", countsOption(data.by_kind, false)],
   ["by_unit", countsOption(data.by_unit, true)],
   ["by_month", countsOption(data.by_month, false)],
   ["coverage", coverageOption(data.coverage)]].forEach(function (pair) {
    var element = document.getElementById("chart-" + pair[0]);
    if (!element) { return; }
    if (pair[0] === "by_unit" || pair[0] === "coverage") {
      // One line per unit or level: grow the chart with them.
      var lines = (pair[0] === "by_unit" ? data.by_unit : data.coverage).length;
      element.style.height = Math.max(320, lines * (pair[0] === "by_unit" ? 40 : 32) + 60) + "px";
    }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(pair[1]);
    chart.on("click", function (params) {
      if (params.data && params.data.href) { window.location.href = params.data.href; }
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
