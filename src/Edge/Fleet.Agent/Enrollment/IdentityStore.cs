using System.Text.Json;

namespace Fleet.Agent.Enrollment;

/// <summary>Reads and writes identity.json; the file holds a secret and a private key, so only the owner may read it.</summary>
public static class IdentityStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static DeviceIdentity? TryLoad(string path, out string? error)
    {
        error = null;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var identity = JsonSerializer.Deserialize<DeviceIdentity>(File.ReadAllText(path), Json);
            if (identity is null || string.IsNullOrEmpty(identity.DeviceId) || string.IsNullOrEmpty(identity.DeviceSecret) || string.IsNullOrEmpty(identity.TunnelPrivateKeyPkcs8))
            {
                error = $"{path}: incomplete identity (deviceId, deviceSecret and tunnelPrivateKeyPkcs8 are required); delete it to enroll again";
                return null;
            }

            return identity;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            error = $"{path}: cannot read identity: {e.Message}";
            return null;
        }
    }

    /// <summary>Writes to a temporary file created 0600 and renames it, so a crash never leaves half a file.</summary>
    public static void Save(string path, DeviceIdentity identity)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, identity, Json);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode does not apply when the temp file already existed.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
