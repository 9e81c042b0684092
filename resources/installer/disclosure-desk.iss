; Inno Setup 6.3+ script: Windows installer for Disclosure Desk (政府信息公开工作台).
;
; Made from the PyInstaller one-folder build, on a Windows machine:
;   py -m pip install -q uv
;   py -m uv run pyinstaller --noconfirm build_installer.spec        -> dist\disclosure-desk\
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 resources\installer\disclosure-desk.iss
; Result: dist\installer\disclosure-desk-<version>-setup.exe
;
; The database and attachments live in the user's data folder (platformdirs), not in {app}: an
; uninstall or upgrade never touches them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "政府信息公开工作台"
#define BuildDir "..\..\dist\disclosure-desk"

[Setup]
; The AppId identifies the program across versions (upgrades replace it in place); never change it.
AppId={{6B1D0C52-3F6A-4E8B-9A51-7C2E4D9F0A13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Disclosure Desk
DefaultDirName={autopf}\DisclosureDesk
DefaultGroupName={#AppName}
; Office PCs often lack administrator rights: allow a per-user install from the first dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=disclosure-desk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\disclosure-desk-gui.exe
CloseApplications=yes

[Languages]
; Simplified Chinese ships with Inno Setup only in some releases; fall back to English otherwise.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(CompilerPath + "Languages\Unofficial\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; Flags: unchecked

[Files]
; Everything PyInstaller collected: both programs, Python, Qt, migrations and resources.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\disclosure-desk-gui.exe"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\disclosure-desk-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\disclosure-desk-gui.exe"; Description: "立即启动{#AppName}"; Flags: nowait postinstall skipifsilent
