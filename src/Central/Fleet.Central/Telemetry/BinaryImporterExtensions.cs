using Npgsql;
using NpgsqlTypes;

namespace Fleet.Central.Telemetry;

internal static class BinaryImporterExtensions
{
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } present ? writer.WriteAsync(present, type, cancellationToken) : writer.WriteNullAsync(cancellationToken);

    public static Task WriteNullableAsync(this NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is not null ? writer.WriteAsync(value, type, cancellationToken) : writer.WriteNullAsync(cancellationToken);
}
