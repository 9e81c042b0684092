; Inno Setup 6.3+ script: Windows installer for Disclosure Desk (政府信息公开工作台).
;
; Made from the PyInstaller one-folder build, on a Windows machine:
;   py -m pip install -q uv
;   py -m uv run pyinstaller --noconfirm build_installer.spec        -> dist\disclosure-desk\
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 resources\installer\disclosure-desk.iss
; Result: dist\installer\disclosure-desk-<version>-setup.exe
;
; The database and attachments live in the user's data folder (platformdirs:
; %LOCALAPPDATA%\DisclosureDesk), not in {app}: an uninstall or upgrade never touches them, and the
; uninstaller says where they stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "政府信息公开工作台"
; scripts/windows-smoke.sh packs a folder built elsewhere (/DBuildDir=…).
#ifndef BuildDir
  #define BuildDir "..\..\dist\disclosure-desk"
#endif

[Setup]
; The AppId identifies the program across versions (upgrades replace it in place); never change it.
AppId={{6B1D0C52-3F6A-4E8B-9A51-7C2E4D9F0A13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Disclosure Desk
DefaultDirName={autopf}\DisclosureDesk
DefaultGroupName={#AppName}
; Office PCs often lack administrator rights: per user by default ({autopf} is then
; %LOCALAPPDATA%\Programs), for all users if chosen in the first dialog or with /ALLUSERS.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=disclosure-desk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
; One solid stream, and a dictionary (32 MB; max's default is 8 MB) wider than an executable: the
; console and the windowed program carry the same 14 MB archive of compiled modules, so the second
; packs to almost nothing. Unpacking needs 32 MB of memory, packing about 360 MB.
LZMADictionarySize=32768
WizardStyle=modern
UninstallDisplayIcon={app}\disclosure-desk-gui.exe
CloseApplications=yes

[Languages]
; Our own Simplified Chinese messages (Inno Setup ships none): every key of Inno Setup 6.4's
; Default.isl, so no dialog falls back to English.
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[CustomMessages]
chinesesimplified.DataKept=您的数据（数据库、附件、备份和日志）没有删除，仍保存在：%n%1%n%n重新安装后会继续使用这些数据；如不再需要，可以手动删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Everything PyInstaller collected: both programs, Python, Qt, migrations and resources.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\disclosure-desk-gui.exe"
Name: "{group}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\disclosure-desk-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\disclosure-desk-gui.exe"; Description: "立即启动{#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
// The data folder is the user's (platformdirs' user_data_dir on Windows); the uninstaller keeps it
// and says where it is, so nobody thinks a year of registers went with the program.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\DisclosureDesk');
    if DirExists(DataDir) then
    begin
      Log('Data folder kept: ' + DataDir);
      if not UninstallSilent then
        MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
    end;
  end;
end;
