"""One document through LibreOffice headless (`soffice --convert-to pdf`), safely.

LibreOffice runs in a private, throw-away profile (`-env:UserInstallation`) whose settings set the macro
security level to "very high" (3) and disable macro execution outright (Office.Common/Security/Scripting:
MacroSecurityLevel, DisableMacrosExecution). That is a second lock: `--convert-to` already loads a document
read-only, hidden and silent with no MacroExecutionMode (desktop/source/app/dispatchwatcher.cxx), and the
load's default is NEVER_EXECUTE; tests/convert checks that an OnLoad Basic macro does not run. The profile also
blocks content that untrusted documents link to (BlockUntrustedRefererLinks), never updates links on load,
and points every proxy at a closed local port. Where `unshare` can make an empty network namespace (as root,
or with unprivileged user namespaces) the process has no network at all. One process group per document,
killed on timeout; the PDF is read back into memory and every temporary file (input copy, profile, output)
is deleted. The user's file name never reaches the command line.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from redactor.office.common import ConversionFailed, ConversionTimeout, ConverterMissing

# The private profile's settings (officecfg: org.openoffice.Office.Common/Security/Scripting, Inet/Settings,
# Writer|Calc/Content/Update. Values: ooInetProxyType 2 = manual (ucbhelper proxydecider: NoProxy, Automatic,
# Manual); Writer's Link 0 = never (sw UpdateLinks: NEVER, MANUAL, AUTOMATIC); Calc's 1 = never (ScLkUpdMode:
# LM_ALWAYS, LM_NEVER, LM_ON_DEMAND).
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="ExecutePlugins" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
</oor:items>
"""


@functools.cache
def _no_network_prefix() -> tuple[str, ...]:
    """`unshare -rn` (a new user and network namespace: only a loopback that is down) where it works."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        ok = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return (unshare, "-rn") if ok else ()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def convert(data: bytes, fmt: str, where, timeout: float, target: str = "pdf", allowed: float | None = None) -> bytes:
    """One document through `soffice --headless --convert-to TARGET` in a private profile; the bytes of
    what it made (a PDF, or a .docx/.xlsx/.pptx whose hidden content can then be looked for). Stopped after
    `timeout` seconds; `allowed` is the document's whole time limit, named in the error (default: timeout)."""
    program = soffice()
    if program is None:
        raise ConverterMissing(f"cannot convert .{fmt} files: LibreOffice (soffice) is not installed "
                               f"(`make system-deps` installs it)", where)
    with tempfile.TemporaryDirectory(prefix="redactor-office-") as tmp:
        tmp_path = Path(tmp)
        for sub in ("profile/user", "home", "tmp", "out"):
            (tmp_path / sub).mkdir(parents=True)
        (tmp_path / "profile/user/registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        source = tmp_path / f"input.{fmt}"  # a fixed name: the user's file name never reaches the command line
        source.write_bytes(data)
        command = [*_no_network_prefix(), program, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                   "--headless", "--invisible", "--nologo", "--nodefault", "--nolockcheck", "--norestore",
                   "--convert-to", target, "--outdir", str(tmp_path / "out")]
        if fmt == "csv":
            command.append("--infilter=CSV:44,34,76,1")  # comma, double quote, UTF-8, from line 1
        command.append(str(source))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path / "home"),
               "TMPDIR": str(tmp_path / "tmp"), "LANG": "C.UTF-8", "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=env, cwd=tmp, start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise ConversionTimeout(f"LibreOffice did not finish converting this {fmt} file within "
                                    f"{allowed or timeout:g} s and was stopped (a very large or damaged file?)",
                                    where) from None
        finally:
            _kill_group(proc)  # anything it left behind in its group
        made = tmp_path / "out" / f"input.{target}"
        if not made.is_file() or made.stat().st_size == 0:
            said = [line for line in output.decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line]
            detail = f": {said[-1].strip()[:200]}" if said else ""
            raise ConversionFailed(f"LibreOffice could not convert this {fmt} file (damaged, password-protected, "
                                   f"or not a {fmt} file; exit {proc.returncode}){detail}", where)
        return made.read_bytes()
