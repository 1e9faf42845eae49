/* The annual report's 图解 page: draws every chart whose data the page carries in
   <script type="application/json" id="gk-graphic-data"> (gongkai/reportio/output/graphic.py)
   with the vendored ECharts. No inline script: the page works under a strict CSP. Without
   JavaScript, or when ECharts is missing, the tables beside the charts are the page. */
(function () {
  "use strict";

  function option(chart) {
    var unit = chart.unit || "";
    if (chart.kind === "pie") {
      var values = chart.series[0].values;
      return {
        tooltip: { trigger: "item", formatter: "{b}：{c}" + unit + "（{d}%）" },
        legend: { bottom: 0 },
        series: [{
          type: "pie",
          radius: ["35%", "65%"],
          data: chart.categories.map(function (name, i) { return { name: name, value: values[i] }; })
        }]
      };
    }
    return {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + unit; } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: chart.categories, inverse: true,
               axisLabel: { width: 180, overflow: "break" } },
      series: chart.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.values, label: { show: true, position: "right" } };
      })
    };
  }

  function draw() {
    var block = document.getElementById("gk-graphic-data");
    if (!block || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(block.textContent);
    var charts = [];
    data.charts.forEach(function (chart) {
      var el = document.querySelector('.gk-chart[data-chart="' + chart.id + '"]');
      if (!el) { return; }
      var c = window.echarts.init(el, null, { renderer: "svg" });
      c.setOption(option(chart));
      charts.push(c);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
