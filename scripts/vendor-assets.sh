#!/usr/bin/env bash
# Vendors the dashboard's browser libraries (Leaflet, leaflet.markercluster, Bootstrap, uPlot) from npm into
# src/Central/Fleet.Central/wwwroot/lib (git-ignored). The dashboard never loads anything from a CDN.
# Run before building Fleet.Central (static web assets are collected at build time):
#   scripts/vendor-assets.sh
set -euo pipefail
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$root/src/Central/Fleet.Central"
lib="$project/wwwroot/lib"

command -v npm >/dev/null || { echo "vendor-assets.sh: npm is not installed (apt-get install -y npm)" >&2; exit 1; }

cd "$project"
# package-lock.json pins exact versions and integrity hashes; --ignore-scripts: nothing runs at install.
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi

copy() { # copy SRC DEST: one dist file or folder
  mkdir -p "$(dirname "$lib/$2")"
  rm -rf "${lib:?}/$2"
  cp -R "node_modules/$1" "$lib/$2"
}

copy leaflet/dist/leaflet.js                                  leaflet/leaflet.js
copy leaflet/dist/leaflet.js.map                              leaflet/leaflet.js.map
copy leaflet/dist/leaflet.css                                 leaflet/leaflet.css
copy leaflet/dist/images                                      leaflet/images
copy leaflet/LICENSE                                          leaflet/LICENSE
copy leaflet.markercluster/dist/leaflet.markercluster.js      leaflet.markercluster/leaflet.markercluster.js
copy leaflet.markercluster/dist/leaflet.markercluster.js.map  leaflet.markercluster/leaflet.markercluster.js.map
copy leaflet.markercluster/dist/MarkerCluster.css             leaflet.markercluster/MarkerCluster.css
copy leaflet.markercluster/dist/MarkerCluster.Default.css     leaflet.markercluster/MarkerCluster.Default.css
copy leaflet.markercluster/MIT-LICENCE.txt                    leaflet.markercluster/LICENSE
copy bootstrap/dist/css/bootstrap.min.css                     bootstrap/css/bootstrap.min.css
copy bootstrap/dist/css/bootstrap.min.css.map                 bootstrap/css/bootstrap.min.css.map
copy bootstrap/LICENSE                                        bootstrap/LICENSE
copy uplot/dist/uPlot.iife.min.js                             uplot/uPlot.iife.min.js
copy uplot/dist/uPlot.min.css                                 uplot/uPlot.min.css
copy uplot/LICENSE                                            uplot/LICENSE

# Blazor's browser script. .NET 10 ships blazor.web.js only in the Microsoft.AspNetCore.App.Internal.Assets
# pack, which this NuGet registry does not serve. ASP.NET Core 9 embedded the same script in
# Microsoft.AspNetCore.Components.Endpoints.dll, and its runtime pack does restore here: take it from there.
# (Checked: circuits, JS interop and server push work against the .NET 10 server.)
blazor_pack_version=9.0.22
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/pack.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageDownload Include="Microsoft.AspNetCore.App.Runtime.linux-x64" Version="[$blazor_pack_version]" /></ItemGroup>
</Project>
XML
dotnet restore "$work/pack.csproj" --packages "$work/packages" -v quiet >/dev/null
endpoints_dll=$(find "$work/packages" -name Microsoft.AspNetCore.Components.Endpoints.dll | head -1)
mkdir -p "$work/extract"
cat >"$work/extract/extract.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
</Project>
XML
cat >"$work/extract/extract.cs" <<'CS'
// Copies one embedded resource out of an assembly: extract.cs ASSEMBLY RESOURCE OUTPUT
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using var pe = new PEReader(File.OpenRead(args[0]));
var metadata = pe.GetMetadataReader();
var resources = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress);
foreach (var handle in metadata.ManifestResources)
{
    var resource = metadata.GetManifestResource(handle);
    if (metadata.GetString(resource.Name) != args[1]) continue;
    unsafe
    {
        var start = resources.Pointer + resource.Offset;
        File.WriteAllBytes(args[2], new ReadOnlySpan<byte>(start + 4, *(int*)start).ToArray());
    }
    return 0;
}
Console.Error.WriteLine($"{args[1]} not found in {args[0]}");
return 1;
CS
mkdir -p "$lib/blazor"
(cd "$work/extract" && dotnet run -- "$endpoints_dll" _framework/blazor.web.js "$lib/blazor/blazor.web.js")
echo "blazor.web.js from Microsoft.AspNetCore.App.Runtime.linux-x64 $blazor_pack_version (MIT)" >"$lib/blazor/SOURCE.txt"

echo "vendor-assets.sh: vendored into ${lib#"$root"/}:"
(cd "$lib" && find . -type f | sort | sed 's|^\./|  |')
