# Build the desktop app on Windows (PyInstaller one-folder bundle).
#
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1 [-Dist DIR] [-Work DIR] [-Clean] [-SelfTest]
#
# Output: DIR\sens-console\sens-console.exe (default DIR: dist\). The exe is a windowed
# app (no console window), so -SelfTest runs it with --report and prints that file; the
# exit code says whether the self-test passed. Needs the project venv (.venv) with the
# project installed; installs PyInstaller from the project's `packaging` extra if missing.
param(
    [string]$Dist = "dist",
    [string]$Work = "build\pyinstaller",
    [switch]$Clean,
    [switch]$SelfTest
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$py = if ($env:PYTHON) { $env:PYTHON } else { ".venv\Scripts\python.exe" }

& $py -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) {
    Write-Host "== installing PyInstaller (the project's 'packaging' extra)"
    & $py -m pip install -q -e ".[packaging]"
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
if (-not (Test-Path "resources\icons\app\sens-console.ico")) { & $py packaging\make_icons.py }

Write-Host "== pyinstaller -> $Dist\sens-console"
$pyiArgs = @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
          "--distpath", $Dist, "--workpath", $Work, "packaging\sens-console.spec")
if ($Clean) { $pyiArgs += "--clean" }
$watch = [System.Diagnostics.Stopwatch]::StartNew()
& $py @pyiArgs
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$bundle = Join-Path $Dist "sens-console"
$bytes = (Get-ChildItem $bundle -Recurse -File | Measure-Object -Sum Length).Sum
Write-Host ("built {0} in {1:N0} s; size {2:N0} MB" -f $bundle, $watch.Elapsed.TotalSeconds, ($bytes / 1MB))

if ($SelfTest) {
    $report = Join-Path $env:TEMP "sens-console-self-test.txt"
    Write-Host "== $bundle\sens-console.exe --self-test"
    $proc = Start-Process -FilePath (Join-Path $bundle "sens-console.exe") `
        -ArgumentList @("--self-test", "--report", "`"$report`"") -Wait -PassThru
    if (Test-Path $report) { Get-Content $report -Encoding UTF8 }
    exit $proc.ExitCode
}
