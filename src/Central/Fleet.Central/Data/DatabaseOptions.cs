using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Data;

/// <summary>Section "Database" plus ConnectionStrings:Fleet.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Bound from ConnectionStrings:Fleet (an Npgsql connection string).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "ConnectionStrings:Fleet must be set (an Npgsql connection string).")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Apply pending EF migrations before the host starts listening.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
