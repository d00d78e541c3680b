// Runs after require.js and before the widget manager: every widget module and
// asset comes from this site (see offline_assets.py), never from a CDN.
(function () {
  var base = document.currentScript.src.replace(/widgets-config\.js.*$/, "");
  window.__jupyter_widgets_assets_path__ = base + "html-manager/";
  window.requirejs.config({
    paths: {
      anywidget: base + "anywidget/index",
      "@jupyter-widgets/html-manager/dist": base + "html-manager",
    },
  });
  // The widget manager calls the MathJax 2 API; Sphinx serves MathJax 3.
  window.MathJax = window.MathJax || {};
  window.MathJax.Hub = window.MathJax.Hub || {
    Queue: function (job) {
      var element = job[2];
      if (window.MathJax.typesetPromise) window.MathJax.typesetPromise([element]);
    },
  };
  // Keep <i> icons so the theme's FontAwesome does not break widget buttons.
  window.FontAwesomeConfig = { autoReplaceSvg: "nest" };
})();
