/* Load before the vendored libraries (vis-timeline, cytoscape). They insert <style> elements with
 * CSS we already serve as files (vendor/vis-timeline/*.css, app.css); our Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') blocks those elements and the browser logs one violation
 * each (~30 per story page). Here a <style> created by script is made an inert <template> element
 * instead: nothing is applied, nothing is blocked, the policy stays strict. (Cytoscape's one rule,
 * position: relative on its container, is in app.css.)
 */
(function () {
  "use strict";
  var create = document.createElement;
  document.createElement = function (name) {
    if (String(name).toLowerCase() === "style") {
      return create.call(document, "template");
    }
    return create.apply(document, arguments);
  };
}());
