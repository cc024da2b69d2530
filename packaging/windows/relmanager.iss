; Inno Setup 6 script: a per-user installer around the PyInstaller one-folder build.
;
;   py -m PyInstaller --noconfirm packaging\relmanager.spec      (makes dist\relmanager\)
;   iscc /DAppVersion=0.1.0 packaging\windows\relmanager.iss     (makes dist\relmanager-0.1.0-setup.exe)
;
; Per-user by default (no admin prompt), like the rest of a personal CRM's data; the user
; can still choose "install for all users" in the dialog. See packaging/windows.md.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Relmanager"
#define AppExe "relmanager.exe"
; Also the AppUserModelID: the app should call SetCurrentProcessExplicitAppUserModelID with
; it so taskbar pinning and notifications group under this shortcut.
#define AppUserModelID "io.github.relmanager.Relmanager"
#define Repo "https://github.com/relmanager/relmanager"

[Setup]
; A fixed GUID (uuid5 of the app id): upgrades find and replace the previous install.
AppId={{E2AF2786-C2D8-53A4-8639-0E0FE102E016}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Relmanager developers
AppPublisherURL={#Repo}
AppSupportURL={#Repo}/issues
AppUpdatesURL={#Repo}/releases
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=relmanager-{#AppVersion}-setup
SetupIconFile=relmanager.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; The app keeps running in the tray; ask it to close before files are replaced.
AppMutex=RelmanagerSingleInstance
#ifexist "..\..\LICENSE"
LicenseFile=..\..\LICENSE
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "startatlogin"; Description: "Start {#AppName} in the notification area when I sign in"; GroupDescription: "Reminders:"; Flags: unchecked

[Files]
Source: "..\..\dist\relmanager\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppUserModelID}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon; AppUserModelID: "{#AppUserModelID}"

[Registry]
; The same value the app's own "Start at login" setting would write (HKCU Run key).
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"" --minimized"; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The database, settings and backups live under %LOCALAPPDATA%\Relmanager and are kept on
; uninstall on purpose: removing the program must never remove the user's network.
