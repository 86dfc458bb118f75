/*
 * VICIdial agent-screen hook for the wallboard. Loaded into agc/vicidial.php through
 * agc/options.php (see the wallboard README, "Agent-screen hook"); no dependencies, ES5.
 *
 * Keeps one WebSocket to the wallboard (the origin this file was loaded from) and forwards
 * each agent event. Every event stays queued in the page until the wallboard acknowledges
 * that it is committed; after a network blip the queue is resent in order, and the wallboard
 * stores an event only once, so nothing is lost or doubled while the agent screen stays open.
 *
 * API: WallboardAgentEvents.push({ user, campaign, event, message, counter, epoch,
 * agent_log_id, lead_id }); WallboardAgentEvents.pending() → number of unacknowledged events.
 *
 * Pause codes: VICIdial sends no event when the agent picks a pause code (agc/vicidial.php
 * PauseCodeSelect_submit only posts to vdc_db_query.php; state_paused always says "PAUSED").
 * So once the agent screen's functions exist, this script wraps PauseCodeSelect_submit(code)
 * and AutoDial_ReSume_PauSe(..., temp_auto, temp_auto_code) (automatic pause codes) and
 * reports the code as a "pause_code" event (message = the code), numbered like the screen's
 * next event (aec, UnixTime, agent_log_id).
 */
(function () {
  if (window.WallboardAgentEvents) return;
  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName("script");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/vicidial\/agent-events\.js/.test(all[i].src)) { script = all[i]; break; }
    }
  }
  var src = new URL(script.src, location.href);
  var hookUrl = (src.protocol === "https:" ? "wss://" : "ws://") + src.host + "/vicidial/hook?token=" + encodeURIComponent(src.searchParams.get("token") || "");

  var MAX_QUEUE = 10000; // about a day of one agent's events; oldest dropped beyond it
  var queue = []; // unacknowledged events, oldest first
  var nextId = 1;
  var ws = null;
  var retryMs = 500;

  function str(v) { return v === undefined || v === null ? "" : String(v); }

  function send(item) {
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(item));
  }

  function settle(id) {
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].id === id) { queue.splice(i, 1); return; }
    }
  }

  function connect() {
    ws = new WebSocket(hookUrl);
    ws.onopen = function () {
      retryMs = 500;
      for (var i = 0; i < queue.length; i++) send(queue[i]);
    };
    ws.onmessage = function (m) {
      var reply;
      try { reply = JSON.parse(m.data); } catch (e) { return; }
      if (reply.ack !== undefined) settle(reply.ack);
      else if (reply.nack !== undefined && reply.status >= 400 && reply.status < 500) {
        // The wallboard refused the event itself: resending cannot help.
        if (window.console) console.warn("wallboard refused agent event:", reply.reason);
        settle(reply.nack);
      }
      // 503: kept in the queue, resent on the next connection.
      if (reply.status === 503 && ws) ws.close();
    };
    ws.onclose = function () {
      ws = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 15000);
    };
    ws.onerror = function () { /* onclose follows and schedules the retry */ };
  }

  function screenEvent(event, message) {
    var form = document.vicidial_form;
    return {
      user: window.user, campaign: window.campaign, event: event, message: message,
      counter: window.aec, epoch: window.UnixTime, agent_log_id: window.agent_log_id,
      lead_id: form && form.lead_id ? form.lead_id.value : ""
    };
  }

  var wrapped = false;
  function wrapPauseCodes() {
    if (wrapped || typeof window.PauseCodeSelect_submit !== "function") return;
    wrapped = true;
    var select = window.PauseCodeSelect_submit;
    window.PauseCodeSelect_submit = function (code) {
      try { return select.apply(this, arguments); }
      finally { if (code) window.WallboardAgentEvents.push(screenEvent("pause_code", String(code))); }
    };
    var resumePause = window.AutoDial_ReSume_PauSe;
    if (typeof resumePause === "function") {
      window.AutoDial_ReSume_PauSe = function (taskaction, a, b, c, d, tempAuto, tempAutoCode) {
        try { return resumePause.apply(this, arguments); }
        finally {
          if (taskaction !== "VDADready" && String(tempAuto) === "1" && tempAutoCode) {
            window.WallboardAgentEvents.push(screenEvent("pause_code", String(tempAutoCode)));
          }
        }
      };
    }
  }

  window.WallboardAgentEvents = {
    push: function (e) {
      wrapPauseCodes();
      var item = {
        id: nextId++,
        user: str(e.user),
        campaign: str(e.campaign),
        event: str(e.event),
        message: str(e.message),
        counter: str(e.counter),
        epoch: str(e.epoch || Math.floor(new Date().getTime() / 1000)),
        agent_log_id: str(e.agent_log_id),
        lead_id: str(e.lead_id)
      };
      queue.push(item);
      if (queue.length > MAX_QUEUE) queue.shift();
      send(item);
    },
    pending: function () { return queue.length; },
    connected: function () { return !!ws && ws.readyState === 1; }
  };
  connect();
})();
