using Fleet.Grpc.Compression;
using Microsoft.Extensions.Options;

namespace Fleet.Grpc.Server;

internal sealed class GrpcServerOptionsValidator : IValidateOptions<GrpcServerOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcServerOptions options)
    {
        var failures = new List<string>();
        if (options.MaxReceiveMessageSize is <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions.MaxReceiveMessageSize)} must be positive or null (no limit).");
        }

        if (options.MaxSendMessageSize is <= 0)
        {
            failures.Add($"{nameof(GrpcServerOptions.MaxSendMessageSize)} must be positive or null (no limit).");
        }

        if (options.ResponseCompression is { } encoding && !GrpcEncodings.IsSupported(encoding))
        {
            failures.Add($"{nameof(GrpcServerOptions.ResponseCompression)} '{encoding}' is not supported; use \"gzip\" or null.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
