// Provider portal uploads: drop or choose several bills; each gets a presigned upload URL from the API (one
// submission for the batch) and is PUT straight to storage with its own progress bar.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

const TYPES_BY_EXTENSION = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  '837': 'application/edi-x12',
  x12: 'application/edi-x12',
  edi: 'application/edi-x12',
  txt: 'text/plain',
};

// Headers a browser sets itself and refuses to let a page set.
const FORBIDDEN = new Set(['content-length', 'host', 'connection', 'expect']);

function contentTypeOf(file) {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[extension] ?? file.type ?? '';
}

function row(list, file) {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = file.name;
  const progress = document.createElement('progress');
  progress.max = 100;
  progress.value = 0;
  const state = document.createElement('span');
  state.className = 'small muted';
  state.textContent = 'Waiting';
  item.append(name, progress, state);
  list.append(item);
  return {
    progress(percent) {
      progress.value = percent;
      state.textContent = `${percent}%`;
    },
    done() {
      progress.value = 100;
      state.textContent = 'Uploaded';
      state.className = 'small chip s-done';
    },
    failed(message) {
      state.textContent = message;
      state.className = 'small chip s-bad';
      item.dataset.failed = 'true';
    },
  };
}

async function requestUpload(file, submissionId) {
  const response = await fetch('/api/uploads', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify({ fileName: file.name, contentType: contentTypeOf(file), sizeBytes: file.size, ...(submissionId ? { submissionId } : {}) }),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.message ?? (data?.issues ? data.issues.join('; ') : `refused (${response.status})`));
  return data;
}

function put(file, issued, ui) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(issued.method ?? 'PUT', issued.uploadUrl);
    for (const [name, value] of Object.entries(issued.headers ?? {})) if (!FORBIDDEN.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) ui.progress(Math.round((event.loaded / event.total) * 100));
    });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`storage refused the file (${xhr.status})`))));
    xhr.addEventListener('error', () => reject(new Error('the upload failed; check the connection and try again')));
    xhr.send(file);
  });
}

async function uploadAll(files) {
  const form = document.getElementById('upload-form');
  const list = document.getElementById('upload-list');
  const doneBox = document.getElementById('upload-done');
  const maxBytes = Number(form.dataset.maxBytes);
  let submissionId = null;
  const transfers = [];
  let failed = 0;
  for (const file of files) {
    const ui = row(list, file);
    if (file.size === 0) {
      ui.failed('Empty file');
      failed++;
      continue;
    }
    if (file.size > maxBytes) {
      ui.failed('Too large');
      failed++;
      continue;
    }
    try {
      // The first file opens the submission; the others join it.
      const issued = await requestUpload(file, submissionId);
      submissionId = issued.submissionId;
      transfers.push(
        put(file, issued, ui).then(
          () => ui.done(),
          (error) => {
            failed++;
            ui.failed(error.message);
          },
        ),
      );
    } catch (error) {
      failed++;
      ui.failed(error.message);
    }
  }
  await Promise.all(transfers);
  const sent = files.length - failed;
  doneBox.classList.remove('hidden');
  doneBox.textContent = sent > 0 ? `${sent} of ${files.length} file(s) uploaded${submissionId ? ` as submission ${submissionId}` : ''}. They are being read; this page shows their progress.` : 'Nothing was uploaded.';
  if (sent > 0 && submissionId) {
    doneBox.dataset.submission = submissionId;
    setTimeout(() => location.reload(), 2500);
  }
}

function wire() {
  const zone = document.getElementById('dropzone');
  const input = document.getElementById('file-input');
  if (!zone || !input) return;
  input.addEventListener('change', () => {
    if (input.files?.length) void uploadAll([...input.files]);
    input.value = '';
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) void uploadAll(files);
  });
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
else wire();
