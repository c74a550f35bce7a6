using System.Globalization;
using Fleet.Grpc.Tests.Infrastructure;

namespace Fleet.Grpc.Tests.Interop;

/// <summary>Two python3-grpcio interop servers (h2c and TLS), shared by the tests of one class.</summary>
public sealed class PythonServerFixture : IAsyncLifetime
{
    private PythonProcess? _plain;
    private PythonProcess? _tls;

    public Uri PlainAddress { get; private set; } = null!;

    public Uri TlsAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var certificate = TestCertificate.Shared;
        _plain = PythonProcess.Start("interop_server.py");
        _tls = PythonProcess.Start("interop_server.py", "--cert", certificate.CertificatePemPath, "--key", certificate.KeyPemPath);
        PlainAddress = new Uri($"http://127.0.0.1:{await ReadPortAsync(_plain)}");
        TlsAddress = new Uri($"https://127.0.0.1:{await ReadPortAsync(_tls)}");
    }

    public GrpcChannel CreateChannel(bool tls, GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (tls)
        {
            options.HttpHandler = TestCertificate.Shared.CreateTrustingHandler();
            options.DisposeHttpHandler = true;
        }

        return GrpcChannel.ForAddress(tls ? TlsAddress : PlainAddress, options);
    }

    public async Task DisposeAsync()
    {
        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }
    }

    private static async Task<int> ReadPortAsync(PythonProcess process)
    {
        var line = await process.FirstLineAsync(TimeSpan.FromSeconds(30));
        return line.StartsWith("PORT ", StringComparison.Ordinal)
            ? int.Parse(line[5..], CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"interop_server.py printed '{line}': {process.Errors}");
    }
}
