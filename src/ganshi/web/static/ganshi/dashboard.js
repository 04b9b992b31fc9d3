/* Cadre-structure dashboard: one ECharts chart per dimension; every bar or slice is a
   link to the cadre list filtered to it. Data comes from the json_script #dashboard-data. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") { return; }
  var dimensions = JSON.parse(source.textContent);
  var palette = ["#b91c1c", "#2563eb", "#d97706", "#059669", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569"];
  var charts = [];

  function tooltip(params) {
    var data = params.data || {};
    return echarts.format.encodeHTML(data.name + ": " + data.value + " (" + data.percent + "%)");
  }

  function barOption(rows, horizontal) {
    var names = rows.map(function (row) { return row.name; });
    var data = rows.map(function (row, index) {
      return { name: row.name, value: row.value, percent: row.percent, href: row.href,
               itemStyle: { color: palette[0] } };
    });
    var categoryAxis = { type: "category", data: names, axisTick: { alignWithLabel: true },
                         axisLabel: horizontal ? { width: 180, overflow: "truncate" } : { interval: 0, width: 72, overflow: "break" } };
    var valueAxis = { type: "value", minInterval: 1 };
    if (horizontal) { categoryAxis.inverse = true; }
    return {
      color: palette,
      grid: { left: 8, right: horizontal ? 96 : 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "item", formatter: tooltip },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [{ type: "bar", data: data, barMaxWidth: 36, cursor: "pointer",
                 label: { show: true, position: horizontal ? "right" : "top",
                          formatter: function (p) { return p.data.value ? p.data.value + " (" + p.data.percent + "%)" : ""; } } }]
    };
  }

  function pieOption(rows) {
    return {
      color: palette,
      tooltip: { trigger: "item", formatter: tooltip },
      series: [{
        type: "pie", radius: ["35%", "60%"], center: ["50%", "50%"], cursor: "pointer",
        avoidLabelOverlap: true, labelLine: { length: 12, length2: 8 },
        data: rows.filter(function (row) { return row.value > 0; }).map(function (row) {
          return { name: row.name, value: row.value, percent: row.percent, href: row.href };
        }),
        label: { formatter: function (p) { return p.data.name + " " + p.data.value + " (" + p.data.percent + "%)"; } }
      }]
    };
  }

  dimensions.forEach(function (dimension) {
    var element = document.getElementById("chart-" + dimension.key);
    if (!element) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    var option = dimension.chart === "pie" ? pieOption(dimension.rows)
      : barOption(dimension.rows, dimension.chart === "hbar");
    chart.setOption(option);
    chart.on("click", function (params) {
      if (params.data && params.data.href) { window.location.href = params.data.href; }
    });
    charts.push(chart);
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
