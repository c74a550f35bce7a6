using System.Collections;
using System.Text;

namespace Fleet.Grpc;

/// <summary>
/// Custom headers or trailers of a call. Keys are lower-case; keys ending in "-bin" carry bytes
/// (base64 on the wire), all others ASCII strings.
/// </summary>
public sealed class Metadata : IEnumerable<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    public void Add(string key, byte[] value) => _entries.Add(new Entry(key, value));

    public void Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
    }

    /// <summary>The last string value stored under <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        var entry = Get(key);
        return entry is null ? null : entry.IsBinary ? throw new InvalidOperationException($"Key '{key}' holds binary data; use GetValueBytes.") : entry.Value;
    }

    /// <summary>The last binary value stored under <paramref name="key"/> (a "-bin" key), or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        var entry = Get(key);
        return entry is null ? null : entry.IsBinary ? entry.ValueBytes : Encoding.ASCII.GetBytes(entry.Value);
    }

    public Entry? Get(string key)
    {
        var normalized = Entry.NormalizeKey(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == normalized)
            {
                return _entries[i];
            }
        }

        return null;
    }

    public IEnumerable<Entry> GetAll(string key)
    {
        var normalized = Entry.NormalizeKey(key);
        return _entries.Where(e => e.Key == normalized);
    }

    public bool Remove(Entry entry) => _entries.Remove(entry);

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One header: a lower-case key and either a string or a byte value.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key '{Key}' ends with '{BinaryHeaderSuffix}' and needs a byte[] value.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                // HTTP/2 header values must be printable ASCII; anything else is rejected by peers.
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Value of metadata '{Key}' must be printable ASCII; use a '-bin' key for other data.", nameof(value));
                }
            }

            _value = value;
        }

        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key '{Key}' needs the '{BinaryHeaderSuffix}' suffix to carry a byte[] value.", nameof(key));
            }

            _bytes = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string Key { get; }

        public bool IsBinary => _bytes is not null;

        public string Value => _value ?? throw new InvalidOperationException($"Key '{Key}' holds binary data; use ValueBytes.");

        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: <{_bytes!.Length} bytes>" : $"{Key}: {_value}";

        internal static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
            {
                var valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
                if (!valid)
                {
                    throw new ArgumentException($"Metadata key '{key}' contains an invalid character '{c}'.", nameof(key));
                }
            }

            return lower;
        }
    }
}
