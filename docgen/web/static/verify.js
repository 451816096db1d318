// The verify page's drop zone: shows the chosen file's name and marks the zone while a file is dragged over it.
// The page works without it: the file input covers the zone, so a drop or a click reaches it anyway.
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.querySelector(".drop-zone");
  if (!zone) { return; }
  var input = zone.querySelector("input[type=file]");
  var shown = zone.querySelector(".drop-zone-file");
  input.addEventListener("change", function () {
    shown.textContent = input.files.length ? input.files[0].name : "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
  });
});
