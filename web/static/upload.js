// Upload page: pick or drop a folder, send its files by the tus protocol (tus.min.js: three at a time,
// each retried and resumed after a dropped connection or a reopened tab, its place kept in localStorage),
// then ask the server to process the batch and show each file's result as it comes. A batch left
// unfinished is resumed ("Lanjutkan": pick the same files again, only the missing ones are sent) or
// cancelled from the list of recent uploads.
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  // the page's words in the reader's language (web/js_messages.py): the Indonesian msgid is the fallback
  const messagesTag = document.getElementById("dukung-messages");
  const MESSAGES = messagesTag ? JSON.parse(messagesTag.textContent || "{}") : {};
  function t(msgid, values) {
    return (MESSAGES[msgid] || msgid).replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  }
  const endpoint = form.dataset.endpoint;
  const tusEndpoint = form.dataset.tusEndpoint;
  const maxBytes = parseInt(form.dataset.maxBytes, 10);
  const PARALLEL = 3;
  const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];
  const resumeNote = document.getElementById("upload-resume");
  let resuming = null; // {id} of the batch being resumed
  const table = document.getElementById("upload-files-table");
  const tbody = table.querySelector("tbody");
  const summary = document.getElementById("upload-summary");
  const startButton = document.getElementById("upload-start");
  const dropzone = document.getElementById("dropzone");
  const SKIP = new Set(["thumbs.db", "desktop.ini", ".ds_store"]);
  let queue = []; // {file, path, row}

  function skipped(name) {
    const lower = name.toLowerCase();
    return SKIP.has(lower) || name.startsWith(".") || name.startsWith("~$");
  }

  function sizeText(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(0) + " KB";
    return (n / 1024 / 1024).toFixed(1) + " MB";
  }

  // One common top folder (the folder that was picked) is dropped, as the command line does.
  function stripTopFolder(items) {
    const firsts = new Set(items.map((it) => (it.path.includes("/") ? it.path.split("/")[0] : "")));
    if (firsts.size !== 1 || firsts.has("")) return { items, folder: "" };
    const folder = [...firsts][0];
    return { items: items.map((it) => ({ file: it.file, path: it.path.slice(folder.length + 1) })), folder };
  }

  function show(items) {
    const picked = stripTopFolder(items.filter((it) => !skipped(it.file.name)));
    queue = picked.items.sort((a, b) => a.path.localeCompare(b.path));
    tbody.textContent = "";
    for (const it of queue) {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.textContent = it.path;
      const size = document.createElement("td");
      size.className = "num";
      size.textContent = sizeText(it.file.size);
      const bar = document.createElement("td");
      const progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      bar.appendChild(progress);
      const result = document.createElement("td");
      result.className = "result muted";
      result.textContent = t("menunggu");
      tr.append(name, size, bar, result);
      tbody.appendChild(tr);
      it.row = { tr, progress, result };
    }
    table.hidden = queue.length === 0;
    const total = queue.reduce((s, it) => s + it.file.size, 0);
    summary.textContent = queue.length
      ? (picked.folder ? t("Folder %(folder)s: ", { folder: picked.folder }) : "") +
        t("%(n)s berkas, %(size)s.", { n: queue.length, size: sizeText(total) })
      : t("Tidak ada berkas yang dapat diunggah.");
    startButton.disabled = queue.length === 0;
  }

  function fromInput(input) {
    show([...input.files].map((f) => ({ file: f, path: f.webkitRelativePath || f.name })));
  }
  document.getElementById("upload-folder").addEventListener("change", (e) => fromInput(e.target));
  document.getElementById("upload-files").addEventListener("change", (e) => fromInput(e.target));
  document.getElementById("upload-camera").addEventListener("change", (e) => fromInput(e.target));

  // Drag and drop of folders: walk the entries (readEntries returns at most 100 at a time).
  function readAll(reader) {
    return new Promise((resolve, reject) => {
      const out = [];
      const next = () => reader.readEntries((batch) => {
        if (!batch.length) return resolve(out);
        out.push(...batch);
        next();
      }, reject);
      next();
    });
  }
  async function walk(entry, out) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ file, path: entry.fullPath.replace(/^\/+/, "") });
    } else if (entry.isDirectory) {
      for (const child of await readAll(entry.createReader())) await walk(child, out);
    }
  }
  dropzone.addEventListener("dragover", (e) => { e.preventDefault(); dropzone.classList.add("over"); });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
  dropzone.addEventListener("drop", async (e) => {
    e.preventDefault();
    dropzone.classList.remove("over");
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    const out = [];
    if (entries.length) {
      for (const entry of entries) await walk(entry, out);
    } else {
      for (const f of e.dataTransfer.files) out.push({ file: f, path: f.name });
    }
    show(out);
  });

  async function api(method, url, body) {
    const res = await fetch(url, {
      method, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json", Accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.detail || t("Galat %(status)s", { status: res.status }));
    return data;
  }

  function setResult(it, state, text) {
    it.row.result.className = "result state-" + (state || "pending");
    it.row.result.textContent = text || "";
  }

  // One file by tus: resumes what this browser sent of it before (same batch, path, size and date).
  function sendFile(batchId, it) {
    return new Promise((resolve) => {
      const upload = new tus.Upload(it.file, {
        endpoint: tusEndpoint,
        retryDelays: RETRY_DELAYS,
        chunkSize: 1000 * 1000, // below the usual 1 MB body limit of a reverse proxy
        headers: { "X-CSRF-Token": csrf },
        metadata: { batch: String(batchId), path: it.path, filename: it.file.name, filetype: it.file.type || "" },
        fingerprint: () => Promise.resolve(
          ["dukung", batchId, it.path, it.file.size, it.file.lastModified].join("|")),
        removeFingerprintOnSuccess: true,
        onProgress: (sent, total) => {
          it.row.progress.value = total ? (100 * sent) / total : 100;
          setResult(it, "pending", t("mengirim"));
        },
        onSuccess: () => {
          it.row.progress.value = 100;
          setResult(it, "pending", t("diterima; menunggu diproses"));
          resolve(true);
        },
        onError: (err) => {
          if (!navigator.onLine) { // the connection dropped: go on where it stopped once it is back
            setResult(it, "pending", t("koneksi terputus; dilanjutkan otomatis saat tersambung lagi"));
            window.addEventListener("online", () => upload.start(), { once: true });
            return;
          }
          const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
          const body = err.originalResponse ? err.originalResponse.getBody() : "";
          let detail = "";
          try { detail = JSON.parse(body).detail || ""; } catch (e) { detail = ""; }
          // 403 says itself what happened (e.g. the upload window closed: the batch is held, nothing lost)
          setResult(it, "rejected", status === 403 && detail ? detail : status >= 400 && status < 500 && detail
            ? t("ditolak: %(detail)s", { detail }) : t("gagal terkirim (jaringan); pilih Lanjutkan untuk mencoba lagi"));
          resolve(false);
        },
      });
      upload.findPreviousUploads().then((previous) => {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      });
    });
  }

  async function sendAll(batchId, items) {
    let next = 0, done = 0, ok = 0;
    const total = items.length;
    async function worker() {
      while (next < items.length) {
        const it = items[next++];
        if (await sendFile(batchId, it)) ok++;
        summary.textContent = t("Unggahan #%(id)s: %(done)s dari %(total)s berkas terkirim…",
                                { id: batchId, done: ++done, total });
      }
    }
    summary.textContent = t("Unggahan #%(id)s: mengirim %(total)s berkas…", { id: batchId, total });
    await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
    return ok === total;
  }

  async function poll(batchId) {
    const byPath = new Map(queue.map((it) => [it.path, it]));
    for (;;) {
      const batch = await api("GET", `${endpoint}/${batchId}`);
      for (const f of batch.files) {
        const it = byPath.get(f.path);
        if (it) setResult(it, f.state, f.result);
      }
      const c = batch.counts;
      summary.textContent = t("Unggahan #%(id)s: %(status)s. ", { id: batch.id, status: batch.status_label }) +
        t("%(ok)s diklasifikasikan, %(failed)s gagal, %(rejected)s ditolak, %(pending)s menunggu.",
          { ok: c.ok || 0, failed: c.failed || 0, rejected: c.rejected || 0, pending: c.pending || 0 }) +
        (batch.closed_reason ? ` (${batch.closed_reason})` : "") + (batch.error ? ` ${batch.error}` : "");
      if (batch.status === "done" || batch.status === "error") return;
      await new Promise((r) => setTimeout(r, 1500));
    }
  }

  // "Lanjutkan" on an unfinished batch: the same unit and period; the files picked next are compared with
  // what the batch already received.
  document.querySelectorAll("button[data-resume]").forEach((button) => button.addEventListener("click", () => {
    resuming = { id: parseInt(button.dataset.resume, 10) };
    document.getElementById("upload-unit").value = button.dataset.unit;
    document.getElementById("upload-period").value = button.dataset.period;
    resumeNote.textContent = t("Melanjutkan unggahan #%(id)s (%(received)s). ",
                               { id: resuming.id, received: button.dataset.received }) +
      t("Pilih lagi folder atau berkas yang sama: hanya yang belum diterima yang dikirim.");
    resumeNote.hidden = false;
    form.scrollIntoView();
  }));
  document.querySelectorAll("button[data-cancel]").forEach((button) => button.addEventListener("click", async () => {
    if (!window.confirm(t("Batalkan unggahan #%(id)s? Berkas yang sudah diterima tetap disimpan dan diproses; " +
                          "yang belum lengkap dibuang.", { id: button.dataset.cancel }))) return;
    try {
      await api("POST", `${endpoint}/${button.dataset.cancel}/cancel`);
      window.location.reload();
    } catch (err) {
      window.alert(t("Gagal membatalkan: %(error)s", { error: err.message }));
    }
  }));

  document.querySelectorAll("button[data-accept]").forEach((button) => button.addEventListener("click", async () => {
    if (!window.confirm(t("Terima unggahan #%(id)s di luar masa isian/revisi? Tindakan ini dicatat di log audit.",
                          { id: button.dataset.accept }))) return;
    try {
      await api("POST", `${endpoint}/${button.dataset.accept}/accept`);
      window.location.reload();
    } catch (err) {
      window.alert(t("Gagal menerima: %(error)s", { error: err.message }));
    }
  }));

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!queue.length) return;
    startButton.disabled = true;
    try {
      let batch;
      if (resuming) {
        batch = await api("GET", `${endpoint}/${resuming.id}`);
      } else {
        batch = await api("POST", endpoint, {
          unit: document.getElementById("upload-unit").value,
          period: parseInt(document.getElementById("upload-period").value, 10),
          question: document.getElementById("upload-question").value.trim() || null,
          files: queue.length,
          override: Boolean(document.getElementById("upload-override")?.checked),
        });
      }
      const received = new Set(batch.files.map((f) => f.path));
      const toSend = [];
      for (const it of queue) {
        if (received.has(it.path)) {
          it.row.progress.value = 100;
          setResult(it, "pending", t("sudah diterima sebelumnya"));
        } else if (it.file.size > maxBytes) {
          setResult(it, "rejected", t("ditolak: berkas terlalu besar (maksimum %(mb)s MB)", { mb: form.dataset.maxMb }));
        } else {
          toSend.push(it);
        }
      }
      const complete = await sendAll(batch.id, toSend);
      if (!complete) {
        const now = await api("GET", `${endpoint}/${batch.id}`);
        if (now.held_reason) { // the upload window closed meanwhile: nothing is lost, the page says why
          summary.textContent = now.held_reason;
          return;
        }
        summary.textContent = t("Unggahan #%(id)s: %(received)s. Sebagian berkas belum terkirim: pilih Lanjutkan " +
          "pada daftar unggahan di bawah (setelah memuat ulang halaman) untuk mengirim sisanya.",
          { id: batch.id, received: now.received_label });
        return;
      }
      summary.textContent = t("Semua berkas terkirim. Memproses (ekstrak teks → klasifikasi → indeks)…");
      resuming = null;
      resumeNote.hidden = true;
      await api("POST", `${endpoint}/${batch.id}/finish`);
      await poll(batch.id);
    } catch (err) {
      summary.textContent = t("Unggahan gagal: %(error)s", { error: err.message });
    } finally {
      startButton.disabled = false;
    }
  });
})();
