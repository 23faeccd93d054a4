/* Hands-free spoken turns (interviewer/web/handsfree.py describes the loop).
 *
 * States: off → speaking (the question is read) → listening (mic open, no speech yet) →
 * recording (speech heard; silence ends it) → transcribing (the server's whisper) →
 * review (countdown, Esc edits) → waiting (graded; the next prompt starts the loop again).
 * Also: editing, typing, idle (paused: Alt+R records), done (the interview ended).
 * `window.interviewerHandsfree.log` keeps timestamped events for tests and benchmarks.
 */
(() => {
  if (window.interviewerHandsfree) return;
  const cfg = Object.assign({silence: 2.5, countdown: 3, maxSeconds: 300},
                            window.interviewerHandsfreeConfig || {});
  const FRAME_MS = 50, ONSET_MS = 200, SPEAK_START_MS = 15000, BROWSER_START_MS = 5000;
  const hf = {state: "off", log: [], on: false};
  window.interviewerHandsfree = hf;

  let run = 0;            // bumped by every cancel: stale async steps see it and stop
  let ctx = null;         // one AudioContext, created on the toggle's click (a user gesture)
  let rec = null;         // the recording in progress
  let review = null;      // the countdown before submitting
  let before = "";        // the answer box before the transcript landed
  let voice = "browser";
  let lastPrompt = 0;
  const media = {playing: false, lastPlay: 0};

  const $ = (sel) => document.querySelector(sel);
  const now = () => performance.now();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const mark = (event, extra) => hf.log.push(Object.assign({event, t: now()}, extra || {}));
  const toggle = () => $("#handsfree input[type=checkbox]");
  const box = () => $("#answer textarea");
  const visible = (el) => !!el && el.getClientRects().length > 0;
  const finished = () => visible($("#summary")) && /\S/.test(($("#summary-text") || {}).textContent || "");

  function setStatus(state, text) {
    hf.state = state;
    const el = $("#handsfree-status .hf");
    if (!el) return;
    el.dataset.state = state;
    el.querySelector(".hf-text").textContent = text;
  }

  function meter(level) {
    const bar = $("#handsfree-status .hf-meter span");
    if (bar) bar.style.width = `${Math.max(0, Math.min(100, (level + 60) * 100 / 50))}%`;
  }

  function silenceSeconds() {
    const input = $("#handsfree-silence input[type=number]");
    const v = input ? parseFloat(input.value) : NaN;
    return Number.isFinite(v) && v > 0 ? v : cfg.silence;
  }

  function setAnswer(text) {  // as if typed: Gradio listens to the input event
    const el = box();
    if (!el) return;
    el.value = text;
    el.dispatchEvent(new Event("input", {bubbles: true}));
  }

  // Media events do not bubble, but a capturing listener on the document sees them all.
  const isQuestionAudio = (el) => el && el.tagName === "AUDIO" && el.closest("#question-audio");
  document.addEventListener("play", (e) => {
    if (isQuestionAudio(e.target)) { media.playing = true; media.lastPlay = now(); }
  }, true);
  for (const name of ["ended", "pause", "error"]) {
    document.addEventListener(name, (e) => {
      if (isQuestionAudio(e.target)) media.playing = false;
    }, true);
  }

  function cancel() {  // stops whatever is running, keeps the toggle as it is
    run += 1;
    if (review) { clearInterval(review.timer); review = null; }
    if (rec) { rec.discard = true; rec.finish("cancel"); }
  }

  function stopVoice() {
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    const audio = $("#question-audio audio");
    if (audio && !audio.paused) audio.pause();
  }

  async function waitSpoken(on, my) {
    if (!on) return;
    const t0 = lastPrompt;
    if (voice === "piper") {  // the server makes the audio, then Gradio autoplays it
      while (media.lastPlay < t0 && now() - t0 < SPEAK_START_MS) {
        if (my !== run) return;
        await sleep(100);
      }
    } else {
      const synth = window.speechSynthesis;
      if (!synth) return;
      while (!synth.speaking && now() - t0 < BROWSER_START_MS) {
        if (my !== run) return;
        await sleep(100);
      }
    }
    mark("speaking");
    while (voice === "piper" ? media.playing : window.speechSynthesis.speaking) {
      if (my !== run) return;
      await sleep(100);
    }
    mark("spoken");
  }

  function micMessage(err) {
    const name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "The microphone is blocked: allow it for this site (the icon in the address " +
             "bar), then press Alt+R. You can also type your answer.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "No microphone was found: connect one and press Alt+R, or type your answer.";
    }
    if (name === "NotReadableError") {
      return "The microphone is busy in another program: free it and press Alt+R, " +
             "or type your answer.";
    }
    return `The microphone could not start (${name || err}): type your answer instead.`;
  }

  function stopWithMessage(text) {
    hf.on = false;
    cancel();
    const t = toggle();
    if (t && t.checked) t.click();  // its change handler sees hf.on already false
    setStatus("error", text);
    mark("error", {text});
  }

  async function listen() {
    cancel();
    const my = run;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      stopWithMessage("This page cannot use a microphone here (it needs HTTPS or localhost, " +
                      "and a current browser): type your answer instead.");
      return;
    }
    setStatus("listening", "Opening the microphone…");
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(
        // Whisper copes with noise; the browser's noise suppression garbled test speech.
        {audio: {echoCancellation: true, noiseSuppression: false, autoGainControl: false}});
    } catch (err) {
      if (my === run) stopWithMessage(micMessage(err));
      return;
    }
    if (my !== run || !hf.on) { stream.getTracks().forEach((t) => t.stop()); return; }
    if (!ctx) ctx = new AudioContext();
    if (ctx.state === "suspended") await ctx.resume().catch(() => {});
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const chunks = [];
    const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]
      .find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(stream, type ? {mimeType: type} : undefined);
    recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    const started = now();
    let noise = null, voiced = 0, last = started;
    const r = rec = {discard: false, speech: 0, submitNow: false, done: false};
    const silence = silenceSeconds() * 1000;

    r.finish = (reason) => {
      if (r.done) return;
      r.done = true;
      clearInterval(r.timer);
      mark("stop", {reason, speechEnd: r.speech ? last : null, silence: silence / 1000});
      recorder.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        source.disconnect();
        meter(-100);
        if (rec === r) rec = null;
        if (r.discard) return;
        if (!r.speech) {
          setStatus("idle", "No speech was heard. Press Alt+R to record, or type your answer.");
          return;
        }
        upload(new Blob(chunks, {type: recorder.mimeType || "audio/webm"}), r.submitNow);
      };
      if (recorder.state !== "inactive") recorder.stop(); else recorder.onstop();
    };

    r.timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let energy = 0;
      for (const x of samples) energy += x * x;
      const level = 10 * Math.log10(energy / samples.length + 1e-12);  // dBFS
      const t = now();
      meter(level);
      // The noise floor follows quiet frames quickly and loud ones very slowly.
      noise = noise === null ? level : level < noise ? 0.7 * noise + 0.3 * level
                                                      : 0.995 * noise + 0.005 * level;
      const loud = level > Math.max(noise + 15, -50);
      if (loud) {
        voiced += FRAME_MS;
        if (!r.speech && voiced >= ONSET_MS) { r.speech = t - voiced; mark("speech", {level}); }
        if (r.speech) last = t;
      } else {
        voiced = 0;
      }
      const secs = Math.round((t - started) / 1000);
      const clock = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}`;
      if (!r.speech) {
        setStatus("listening", "Listening: answer when you are ready. (Alt+R stops)");
      } else if (t - last >= silence) {
        r.finish("silence");
      } else {
        const quiet = t - last > 600 ? ` · finishing in ${((silence - (t - last)) / 1000).toFixed(1)} s`
                                     : ` · pause ${silence / 1000} s to finish`;
        setStatus("recording", `Recording ${clock}${quiet}. (Alt+R stops)`);
      }
      if (t - started > cfg.maxSeconds * 1000) r.finish("limit");
    }, FRAME_MS);
    recorder.start(250);
    mark("listen");
  }

  function upload(blob, submitNow) {
    // Gradio's upload button keeps its file input just before the button.
    const button = $("#handsfree-upload");
    const sibling = button && button.previousElementSibling;
    const input = sibling && sibling.matches("input[type=file]") ? sibling
      : $("#handsfree-upload input[type=file]");
    if (!input) { setStatus("error", "The page is missing its upload field: reload it."); return; }
    const ext = blob.type.includes("ogg") ? "ogg" : blob.type.includes("mp4") ? "m4a" : "webm";
    const files = new DataTransfer();
    files.items.add(new File([blob], `answer-${Date.now()}.${ext}`, {type: blob.type}));
    input.files = files.files;
    before = box() ? box().value : "";
    hf.submitNow = submitNow;
    setStatus("transcribing", "Transcribing your answer…");
    mark("upload", {bytes: blob.size});
    input.dispatchEvent(new Event("change", {bubbles: true}));
  }

  hf.transcribed = (answer) => {
    requestAnimationFrame(() => mark("transcript", {chars: (answer || "").length}));
    if (!hf.on || hf.state !== "transcribing") return;
    if (!answer || !answer.trim() || answer === before) {
      setStatus("idle", "Nothing was transcribed (see the message). Press Alt+R to record again.");
      return;
    }
    if (hf.submitNow) { submit(); return; }
    const deadline = now() + cfg.countdown * 1000;
    const tick = () => {
      const left = Math.max(0, (deadline - now()) / 1000);
      setStatus("review", `Submitting in ${Math.ceil(left)} s · Esc edits · Alt+T records again`);
      if (left <= 0) submit();
    };
    review = {timer: setInterval(tick, 100)};
    tick();
  };

  function submit() {
    cancel();
    const button = $("#submit");
    if (!button) return;
    setStatus("waiting", "Submitted: waiting for the feedback…");
    mark("submit");
    button.click();
  }

  function edit() {
    if (review) { clearInterval(review.timer); review = null; }
    setStatus("editing", "Auto-submit cancelled: edit the answer, then Alt+Enter or Submit answer.");
    mark("edit");
    const el = box();
    if (el) el.focus();
  }

  function again() {
    if (hf.state === "review" || hf.state === "editing") {
      setAnswer(before);
      const discard = $("#handsfree-discard");  // the server forgets the replaced recording
      if (discard) discard.click();
    }
    if (!hf.on) { turnOn(); return; }
    listen();
  }

  // A new prompt (question, follow-up or the end): read it, then listen.
  hf.prompt = async (text, on, who) => {
    voice = who || voice;
    lastPrompt = now();
    mark("prompt", {text});
    if (!hf.on || !text) return;
    cancel();
    const my = run;
    setStatus("speaking", "The interviewer is speaking… (Esc skips)");
    await waitSpoken(on, my);
    if (my !== run || !hf.on) return;
    await sleep(150);  // let the summary render when the interview has ended
    if (finished()) {
      setStatus("done", "The interview is over: your summary is below.");
      mark("done");
      return;
    }
    listen();
  };

  function turnOn() {
    const t = toggle();
    if (t && !t.checked) t.click();
  }

  function setOn(on) {
    if (on === hf.on) return;
    hf.on = on;
    mark(on ? "on" : "off");
    if (!on) {
      cancel();
      setStatus("off", "Hands-free is off: tick it to answer by voice without clicks.");
      return;
    }
    if (!ctx && window.AudioContext) ctx = new AudioContext();  // inside the click: allowed
    if (ctx && ctx.state === "suspended") ctx.resume().catch(() => {});
    const started = document.querySelectorAll("#chat .message").length > 0;
    if (started && !finished()) {
      listen();
    } else {
      setStatus("idle", "Hands-free is on: start the interview and answer each question aloud.");
    }
  }

  document.addEventListener("change", (e) => {
    if (e.target === toggle()) setOn(e.target.checked);
  }, true);

  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest("#handsfree-status [data-hf]");
    if (!button) return;
    const what = button.dataset.hf;
    if (what === "stop" && rec) rec.finish("button");
    else if (what === "edit") edit();
    else if (what === "submit") submit();
    else if (what === "again") again();
  });

  // Typing in the answer box takes over: the countdown or the open microphone stops.
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target !== box()) return;
    if (e.key.length !== 1 && e.key !== "Backspace" && e.key !== "Delete") return;  // Tab, arrows
    if (hf.state === "review") edit();
    else if (hf.state === "listening" || hf.state === "recording") {
      cancel();
      setStatus("typing", "Typing: the microphone is off until the next question. Alt+R records.");
    }
  }, true);

  document.addEventListener("keydown", (e) => {
    const alt = e.altKey && !e.ctrlKey && !e.metaKey;
    if (alt && e.code === "KeyR") {
      e.preventDefault();
      if (rec && !rec.done) rec.finish("key");
      else if (!hf.on) turnOn();
      else { stopVoice(); listen(); }
    } else if (alt && e.code === "Enter") {
      e.preventDefault();
      if (rec && !rec.done && rec.speech) { rec.submitNow = true; rec.finish("key"); }
      else submit();
    } else if (alt && e.code === "KeyT") {
      e.preventDefault();
      const retry = $("#retry");
      if (["review", "editing", "listening", "recording"].includes(hf.state) || !retry || retry.disabled) {
        again();
      } else {
        retry.click();
      }
    } else if (e.key === "Escape" && hf.on) {
      if (hf.state === "review") { e.preventDefault(); edit(); }
      else if (hf.state === "speaking") stopVoice();
      else if (rec && !rec.done) {
        cancel();
        setStatus("idle", "Recording discarded. Press Alt+R to record again.");
      }
    }
  }, true);
})();
