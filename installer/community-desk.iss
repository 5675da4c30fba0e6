; Inno Setup 6.3+ script of 社区服务台 (Community Desk): a Windows installer for desks without Python.
;
; Built by installer\build_windows.ps1, which first makes the PyInstaller bundle dist\community-desk\ and
; then runs, with the version read from pyproject.toml (the only place it is written):
;
;   ISCC.exe /DAppVersion=0.1.0 [/DAppVersionNumeric=0.1.0.0] [/DChineseIsl=C:\path\ChineseSimplified.isl]
;            installer\community-desk.iss
;
; Result: dist\community-desk-<version>-windows-x64-setup.exe, one file for the USB stick.
;   - installs the one-folder bundle to {autopf}\CommunityDesk: C:\Program Files\CommunityDesk, or
;     %LOCALAPPDATA%\Programs\CommunityDesk when "install for me only" is chosen;
;   - Start-menu shortcuts (program and uninstaller), an optional desktop shortcut (ticked by default);
;   - Simplified Chinese and English wizard (Chinese needs ChineseSimplified.isl, see build_windows.ps1);
;   - the uninstaller removes the program only: each Windows user's data folder
;     %LOCALAPPDATA%\community-desk (database, backups, drafts, printouts; made by the app at its first start,
;     platformdirs.user_data_dir("community-desk", appauthor=False)) is never installed by Setup and therefore
;     never deleted by the uninstaller.
; This file is UTF-8 with a byte-order mark so that every Inno Setup 6 release reads the Chinese text.

#if Ver < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed (x64compatible architecture identifier).
#endif

#ifndef AppVersion
  #error AppVersion is not defined: run installer\build_windows.ps1, or ISCC /DAppVersion=x.y.z installer\community-desk.iss
#endif
; VersionInfoVersion takes up to four numbers only (a version such as 0.2.0rc1 is passed as 0.2.0 here).
#ifndef AppVersionNumeric
  #define AppVersionNumeric AppVersion
#endif
; The PyInstaller output, relative to this script's folder.
#ifndef BundleDir
  #define BundleDir "..\dist\community-desk"
#endif

#define AppName "社区服务台"
#define AppExe "community-desk.exe"
#define DataFolder "community-desk"

[Setup]
; A fixed AppId makes a newer installer upgrade the installed version in place. Never change it.
AppId={{6F1C8E2A-3B7D-4E59-A0C4-9D2B7E815F36}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=社区服务台 Community Desk
AppComments=Community Desk: front-desk software for community service centres
VersionInfoVersion={#AppVersionNumeric}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductName={#AppName} Community Desk
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription={#AppName} Community Desk {#AppVersion} Setup
DefaultDirName={autopf}\CommunityDesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Administrators install for every user of the PC (Program Files); without admin rights the wizard offers
; an install for the current user only.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
ShowLanguageDialog=auto
SetupIconFile=..\resources\icons\community-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\dist
OutputBaseFilename=community-desk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
; Setup closes a running copy of the app (Restart Manager) before replacing its files.
CloseApplications=yes
RestartApplications=no

[Languages]
; The first language is the default when Windows' UI language matches none.
#ifdef ChineseIsl
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.ShortcutName=Community Desk
english.ShortcutComment=Log residents' requests and print receipts
english.UninstallShortcut=Uninstall Community Desk
english.LaunchAfterSetup=Start Community Desk now
english.DataKeptBefore=Community Desk was removed. The desk's data was kept in:
english.DataKeptAfter=It holds the database with its backups, drafts and printouts (every Windows user of this PC has their own, in %LOCALAPPDATA%\{#DataFolder}). Delete it yourself only when this PC is no longer used as a desk.
#ifdef ChineseIsl
chinesesimplified.ShortcutName=社区服务台
chinesesimplified.ShortcutComment=登记居民诉求，打印回执
chinesesimplified.UninstallShortcut=卸载社区服务台
chinesesimplified.LaunchAfterSetup=立即启动社区服务台
chinesesimplified.DataKeptBefore=社区服务台已卸载，服务台数据已保留在：
chinesesimplified.DataKeptAfter=其中有数据库及其备份、草稿和打印件（这台电脑的每个 Windows 用户各有一份，位于 %LOCALAPPDATA%\{#DataFolder}）。只有这台电脑不再用作服务台时，才需要手动删除。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole bundle: files of the previous version that the new one no longer has (old
; Qt or Python libraries) must not linger next to the new ones. {app} holds program files only, never data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchAfterSetup}"; Flags: nowait postinstall skipifsilent

[Code]
{ The uninstaller deletes only what Setup installed, so the data folder survives by construction; this just
  tells the person uninstalling where it is. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(CustomMessage('DataKeptBefore') + #13#10#13#10 + ExpandConstant('{localappdata}\{#DataFolder}') +
      #13#10#13#10 + CustomMessage('DataKeptAfter'), mbInformation, MB_OK);
end;
