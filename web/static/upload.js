// Upload page: pick or drop a folder, send its files one at a time with a progress bar each,
// then ask the server to process the batch and show each file's result as it comes.
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const endpoint = form.dataset.endpoint;
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
      result.textContent = "menunggu";
      tr.append(name, size, bar, result);
      tbody.appendChild(tr);
      it.row = { tr, progress, result };
    }
    table.hidden = queue.length === 0;
    const total = queue.reduce((s, it) => s + it.file.size, 0);
    summary.textContent = queue.length
      ? `${picked.folder ? "Folder " + picked.folder + ": " : ""}${queue.length} berkas, ${sizeText(total)}.`
      : "Tidak ada berkas yang dapat diunggah.";
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
    if (!res.ok) throw new Error(data.detail || `Galat ${res.status}`);
    return data;
  }

  function sendFile(batchId, it) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${endpoint}/${batchId}/files`);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) it.row.progress.value = (100 * e.loaded) / e.total; };
      xhr.onload = () => {
        let data = {};
        try { data = JSON.parse(xhr.responseText); } catch (err) { data = {}; }
        if (xhr.status >= 200 && xhr.status < 300) {
          it.row.progress.value = 100;
          setResult(it, data.state, data.result);
        } else {
          setResult(it, "rejected", "ditolak: " + (data.detail || `galat ${xhr.status}`));
        }
        resolve();
      };
      xhr.onerror = () => { setResult(it, "rejected", "gagal terkirim (jaringan)"); resolve(); };
      const body = new FormData();
      body.append("path", it.path);
      body.append("file", it.file, it.file.name);
      xhr.send(body);
    });
  }

  function setResult(it, state, text) {
    it.row.result.className = "result state-" + (state || "pending");
    it.row.result.textContent = text || "";
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
      summary.textContent = `Unggahan #${batch.id}: ${batch.status_label}. ` +
        `${c.ok || 0} diklasifikasikan, ${c.failed || 0} gagal, ${c.rejected || 0} ditolak, ${c.pending || 0} menunggu.` +
        (batch.error ? ` ${batch.error}` : "");
      if (batch.status === "done" || batch.status === "error") return;
      await new Promise((r) => setTimeout(r, 1500));
    }
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!queue.length) return;
    startButton.disabled = true;
    try {
      const batch = await api("POST", endpoint, {
        unit: document.getElementById("upload-unit").value,
        period: parseInt(document.getElementById("upload-period").value, 10),
        question: document.getElementById("upload-question").value.trim() || null,
      });
      let n = 0;
      for (const it of queue) {
        summary.textContent = `Mengirim berkas ${++n} dari ${queue.length}…`;
        await sendFile(batch.id, it);
      }
      summary.textContent = "Semua berkas terkirim. Memproses (ekstrak teks → klasifikasi → indeks)…";
      await api("POST", `${endpoint}/${batch.id}/finish`);
      await poll(batch.id);
    } catch (err) {
      summary.textContent = "Unggahan gagal: " + err.message;
    } finally {
      startButton.disabled = false;
    }
  });
})();
