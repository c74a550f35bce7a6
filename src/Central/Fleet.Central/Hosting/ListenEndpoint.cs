using System.Net;

namespace Fleet.Central.Hosting;

/// <summary>An http://host:port URL resolved to a socket address for Kestrel.</summary>
internal readonly record struct ListenEndpoint(IPAddress Address, int Port)
{
    public static bool TryParse(string? url, out ListenEndpoint endpoint)
    {
        endpoint = default;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Port <= 0)
            return false;
        IPAddress? address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "[::]" => IPAddress.IPv6Any,
            _ => IPAddress.TryParse(uri.Host, out var parsed) ? parsed : null,
        };
        if (address is null)
            return false;
        endpoint = new ListenEndpoint(address, uri.Port);
        return true;
    }
}
