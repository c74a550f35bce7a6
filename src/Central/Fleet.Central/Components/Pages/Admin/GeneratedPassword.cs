using System.Security.Cryptography;

namespace Fleet.Central.Components.Pages.Admin;

/// <summary>Passwords an administrator hands to a user: 24 characters from a 56-letter alphabet without
/// look-alikes (0/O, 1/l/I), about 139 bits, so they can be read out over the phone.</summary>
internal static class GeneratedPassword
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Create() => RandomNumberGenerator.GetString(Alphabet, 24);
}
