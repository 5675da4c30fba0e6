<#
.SYNOPSIS
  Builds the Windows installer of Community Desk: dist\community-desk-<version>-windows-x64-setup.exe

.DESCRIPTION
  Run on a Windows 10/11 x64 PC with Python 3.11 (x64, from python.org or "winget install Python.Python.3.11")
  and Inno Setup 6.3 or newer ("winget install JRSoftware.InnoSetup"), from the repository folder:

      powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1

  Steps: a virtual environment in .venv-win (kept apart from a Linux .venv in a shared folder), the app and its
  dev extra plus PyInstaller installed into it, the one-folder bundle dist\community-desk\ built with
  installer\community-desk.spec, a smoke test of the frozen program (version, demo, verify), and Inno Setup
  compiling installer\community-desk.iss with the version read from pyproject.toml.

  The Chinese wizard needs Inno Setup's ChineseSimplified.isl. It is taken from Inno Setup's Languages folder,
  or from installer\ChineseSimplified.isl if you put it there; otherwise it is downloaded from the Inno Setup
  repository (unless -Offline); failing all that, the installer is built in English only, with a warning.

.PARAMETER Python
  Python 3.11 interpreter to create the virtual environment with (default: "py -3.11", else python on PATH).

.PARAMETER Iscc
  Path of ISCC.exe (default: found on PATH or in the usual Inno Setup 6 folders).

.PARAMETER Offline
  Do not download anything (the virtual environment must then already hold the packages).
#>
param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$Offline
)

# This file is kept ASCII-only: Windows PowerShell 5.1 misreads UTF-8 scripts without a byte-order mark.
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Native {
    # Native programs do not throw on failure; stop the build on a non-zero exit code.
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# --- Python and the virtual environment ------------------------------------------------------------------
if (-not $Python) {
    if (Get-Command py -ErrorAction SilentlyContinue) {
        $Python = (& py -3.11 -c "import sys; print(sys.executable)").Trim()
        if ($LASTEXITCODE -ne 0) { throw "py -3.11 found no Python 3.11; install it or pass -Python C:\path\python.exe" }
    } else {
        $Python = (Get-Command python -ErrorAction Stop).Source
    }
}
$Venv = Join-Path $Root ".venv-win"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    Write-Host "Creating $Venv with $Python"
    Invoke-Native $Python @("-m", "venv", $Venv)
}
if (-not $Offline) {
    Invoke-Native $VenvPython @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
    Invoke-Native $VenvPython @("-m", "pip", "install", "--quiet", "-e", ".[dev]", "pyinstaller")
}

# --- the version: pyproject.toml is the only place it is written -----------------------------------------
$Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read the version from pyproject.toml" }
# Windows file versions take four numbers: 1.2.3rc1 -> 1.2.3.0
$Numbers = @([regex]::Matches(($Version -split '[^0-9.]')[0], '\d+') | ForEach-Object { $_.Value })
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$NumericVersion = ($Numbers[0..3]) -join "."
Write-Host "Community Desk $Version (file version $NumericVersion)"

# --- the one-folder bundle -------------------------------------------------------------------------------
Invoke-Native $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "installer\community-desk.spec")
$Bundle = Join-Path $Root "dist\community-desk"
$Cli = Join-Path $Bundle "community-desk-cli.exe"

# Smoke test of the frozen program, as on a desk: no Python, a throwaway data folder.
$Reported = (& $Cli --version).Trim()
if ($Reported -ne "community-desk $Version") { throw "the bundle reports '$Reported', expected 'community-desk $Version'" }
$SmokeData = Join-Path ([System.IO.Path]::GetTempPath()) ("community-desk-smoke-" + [guid]::NewGuid())
try {
    Invoke-Native $Cli @("demo", "--data-dir", $SmokeData)
    Invoke-Native $Cli @("verify", "--data-dir", $SmokeData)
} finally {
    Remove-Item -Recurse -Force $SmokeData -ErrorAction SilentlyContinue
}

# --- Inno Setup ------------------------------------------------------------------------------------------
if (-not $Iscc) {
    $Candidates = @()
    $OnPath = Get-Command iscc -ErrorAction SilentlyContinue
    if ($OnPath) { $Candidates += $OnPath.Source }
    foreach ($Base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA "Programs"))) {
        if ($Base) { $Candidates += (Join-Path $Base "Inno Setup 6\ISCC.exe") }
    }
    $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $Iscc) { throw "ISCC.exe not found: install Inno Setup 6.3+ or pass -Iscc C:\path\ISCC.exe" }
}
$InnoDir = Split-Path -Parent $Iscc

$ChineseIsl = @(
    (Join-Path $InnoDir "Languages\ChineseSimplified.isl"),
    (Join-Path $InnoDir "Languages\Unofficial\ChineseSimplified.isl"),
    (Join-Path $Root "installer\ChineseSimplified.isl")
) | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $ChineseIsl -and -not $Offline) {
    $Target = Join-Path $Root "build\ChineseSimplified.isl"
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Target) | Out-Null
    foreach ($Url in @(
            "https://raw.githubusercontent.com/jrsoftware/issrc/main/Files/Languages/ChineseSimplified.isl",
            "https://raw.githubusercontent.com/jrsoftware/issrc/main/Files/Languages/Unofficial/ChineseSimplified.isl")) {
        try {
            Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile $Target
            $ChineseIsl = $Target
            break
        } catch {
            Write-Host "Not found: $Url"
        }
    }
}

$IsccArgs = @("/Qp", "/DAppVersion=$Version", "/DAppVersionNumeric=$NumericVersion")
if ($ChineseIsl) {
    $IsccArgs += "/DChineseIsl=$ChineseIsl"
} else {
    Write-Warning "ChineseSimplified.isl not found: the installer's wizard will be in English only."
}
$IsccArgs += (Join-Path $Root "installer\community-desk.iss")
Invoke-Native $Iscc $IsccArgs

$Setup = Join-Path $Root "dist\community-desk-$Version-windows-x64-setup.exe"
$BundleMB = [math]::Round(((Get-ChildItem -Recurse -File $Bundle | Measure-Object -Sum Length).Sum) / 1MB)
$SetupMB = [math]::Round((Get-Item $Setup).Length / 1MB)
Write-Host "Bundle:    $Bundle ($BundleMB MB)"
Write-Host "Installer: $Setup ($SetupMB MB)"
