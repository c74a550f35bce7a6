// fleet-aggregator — the aggregation server daemon. Table of contents:
//   [run] --listen ADDR:PORT --tun-ip CIDR --key-file FILE --peer PUB=PREFIXES... [--nat-out IFACE]
//                          Options/ → Sessions/ (TUN + UDP listener + the bonding engine's server façade)
//                          → Nat/ (nftables masquerade to the upstream interface)
//   keygen --out PREFIX    writes PREFIX.key (PKCS#8 PEM, P-256) and PREFIX.pub (base64 public key)
return await Fleet.Aggregator.AggregatorProgram.RunAsync(args);
