"""Finding and running the hotspot executable, and reading its step descriptions."""
import json
import os
import queue
import re
import shutil
import subprocess
import threading

from qgis.core import QgsSettings

SETTING = "hotspot/executable"
PROCESSING_SETTING = "HOTSPOT_EXECUTABLE"
PROGRESS = re.compile(r"^progress: (.*) (\d+)%$")
STAGE = re.compile(r"^\[(\d+)/(\d+)\] ")


def executable():
    """The hotspot program: the provider's setting, else $HOTSPOT_EXE, else `hotspot` on PATH."""
    configured = QgsSettings().value(SETTING, "", type=str)
    provider_setting = ""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig

        provider_setting = ProcessingConfig.getSetting(PROCESSING_SETTING) or ""
    except (ImportError, KeyError):
        pass
    for candidate in (provider_setting, configured, os.environ.get("HOTSPOT_EXE", ""), shutil.which("hotspot") or ""):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def describe(exe):
    """The engine's own description of its steps (`hotspot describe --json`)."""
    out = subprocess.run([exe, "describe", "--json"], check=True, capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)


def run(exe, args, feedback):
    """Run hotspot with `args`, streaming its messages into the Processing feedback.

    Progress lines ("progress: <step> N%") move the progress bar; cancelling in QGIS stops the
    program (its outputs are written atomically, so nothing half-written stays). Returns the
    exit code and the last error line.
    """
    cmd = [exe] + args + ["--progress-lines"]
    feedback.pushCommandInfo(" ".join(_quote(a) for a in cmd))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = queue.Queue()

    def reader():
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=reader, daemon=True).start()
    last_error = ""
    done = False
    while not done:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            line = ""
        if feedback.isCanceled():
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            proc.stdout.close()
            return -1, "cancelled"
        if line is None:
            done = True
            continue
        if not line:
            continue
        m = PROGRESS.match(line)
        if m:
            feedback.setProgressText(m.group(1))
            feedback.setProgress(int(m.group(2)))
            continue
        s = STAGE.match(line)
        if s:
            feedback.setProgress(100.0 * (int(s.group(1)) - 1) / int(s.group(2)))
        if line.startswith("hotspot: error:"):
            last_error = line
            feedback.reportError(line)
        elif line.startswith("warning:"):
            feedback.pushWarning(line)
        else:
            feedback.pushInfo(line)
    code = proc.wait()
    proc.stdout.close()
    return code, last_error


def _quote(a):
    return a if re.match(r"^[\w@%+=:,./-]+$", a) else "'" + a.replace("'", "'\\''") + "'"
