using Fleet.Bonding;
using Fleet.Bonding.Crypto;

namespace Fleet.Aggregator.Options;

/// <summary>
/// One authorised agent: "PUBKEY=PREFIX[,PREFIX...]". PUBKEY is a file holding the base64 public key (as
/// written by keygen) or the base64 text itself; the prefixes are the inner sources it may use and the
/// destinations routed back to it.
/// </summary>
public sealed record PeerSpec(string Name, byte[] PublicKey, IReadOnlyList<IpPrefix> Prefixes, IReadOnlyList<string> PrefixTexts)
{
    public static bool TryParse(string text, out PeerSpec spec, out string error)
    {
        spec = new PeerSpec("", [], [], []);
        error = "";
        var eq = (text ?? "").LastIndexOf('=');
        // base64 may end in '=': the separator is the last '=' that is followed by something
        while (eq > 0 && eq == text!.Length - 1) eq = text.LastIndexOf('=', eq - 1);
        if (eq <= 0)
        {
            error = "expected PUBKEY=PREFIX[,PREFIX...]";
            return false;
        }
        var keyPart = text![..eq];
        var name = keyPart;
        string keyText;
        if (File.Exists(keyPart))
        {
            keyText = File.ReadAllText(keyPart).Trim();
            name = Path.GetFileNameWithoutExtension(keyPart);
        }
        else
        {
            keyText = keyPart;
            name = keyPart.Length > 8 ? keyPart[..8] : keyPart;
        }
        if (!StaticKeyPair.TryParsePublicKey(keyText, out var publicKey, out var keyError))
        {
            error = $"public key: {keyError}";
            return false;
        }
        var prefixes = new List<IpPrefix>();
        var texts = text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in texts)
        {
            if (!IpPrefix.TryParse(p, out var prefix, out var prefixError))
            {
                error = $"prefix '{p}': {prefixError}";
                return false;
            }
            prefixes.Add(prefix);
        }
        if (prefixes.Count == 0)
        {
            error = "at least one prefix is required";
            return false;
        }
        spec = new PeerSpec(name, publicKey, prefixes, texts);
        return true;
    }
}
