// sotay: the day a controlled document is printed, in the footer of every printed page (the
// @page margin boxes of style.css read --sotay-printed from <html>). The page needs no script
// otherwise; without this one the footer says where the copy comes from, without the date.
(function () {
  var root = document.documentElement;
  var label = root.getAttribute("data-printed") || "";
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function stamp() {
    var d = new Date();
    var text = label + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
    root.style.setProperty("--sotay-printed", JSON.stringify(text));
  }
  window.addEventListener("beforeprint", stamp);
  var print = window.matchMedia && window.matchMedia("print");
  if (print && print.addEventListener) print.addEventListener("change", function (e) { if (e.matches) stamp(); });
})();
