/* Booking pages: when the visitor's device is in another time zone than the clinic, add their own
   time beside each clinic time (progressive enhancement: the pages read fine without it).
   Each <time data-local> names its clinic's zone in data-zone, or inherits [data-clinic-zone]. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var ownZone;
  try { ownZone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!ownZone) { return; }
  var root = document.querySelector("[data-clinic-zone]");
  var rootZone = root ? root.getAttribute("data-clinic-zone") : null;
  var formats = {};

  function clockIn(zone) {
    if (!formats[zone]) {
      formats[zone] = new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit",
                                                         day: "2-digit", hour: "2-digit", minute: "2-digit",
                                                         hourCycle: "h23" });
    }
    return formats[zone];
  }
  var ownTime = new Intl.DateTimeFormat(undefined, { timeZone: ownZone, hour: "2-digit", minute: "2-digit" });
  var ownDay = new Intl.DateTimeFormat(undefined, { timeZone: ownZone, weekday: "short", day: "numeric", month: "short" });

  var shown = 0;
  document.querySelectorAll("time[data-local]").forEach(function (element) {
    var zone = element.getAttribute("data-zone") || rootZone;
    var when = new Date(element.getAttribute("datetime"));
    if (!zone || zone === ownZone || isNaN(when.getTime())) { return; }
    var clinic, own;
    try { clinic = clockIn(zone).format(when); own = clockIn(ownZone).format(when); } catch (e) { return; }
    if (clinic === own) { return; }
    var note = document.createElement("span");
    note.className = "own-time";
    note.textContent = " " + (clinic.slice(0, 10) === own.slice(0, 10) ? "" : ownDay.format(when) + " ") +
      ownTime.format(when);
    var label = document.createElement("span");
    label.textContent = " your time";
    var slot = element.closest(".slot");
    if (slot) {
      // In a slot button the page explains the second time once: keep the words for screen readers only,
      // after the date they read out.
      label.className = "visually-hidden";
      note.appendChild(label);
      slot.appendChild(note);
    } else {
      note.appendChild(label);
      element.parentNode.insertBefore(note, element.nextSibling);
    }
    shown += 1;
  });
  var explain = document.querySelector("[data-own-zone-note]");
  if (shown && explain) {
    explain.textContent = "Your device is set to " + ownZone.replace(/_/g, " ") + ": your own time is shown too.";
    explain.hidden = false;
  }
}());
