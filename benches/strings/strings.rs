// strings twin: format!, Vec<String>, join, split, parse, growing a String with `+`.
fn main() {
    let mut total = 0i64;
    let mut bytes = 0i64;
    let mut hits = 0i64;
    for round in 0i64..800 {
        let mut fields: Vec<String> = Vec::new();
        for i in 0i64..500 {
            fields.push(format!("key{}={}", i, (i * 7919 + round) % 10007));
        }
        let line = fields.join(";");
        bytes += line.len() as i64;
        for f in line.split(';') {
            let kv: Vec<&str> = f.split('=').collect();
            total += kv[1].parse::<i64>().unwrap_or(0) + kv[0].len() as i64;
            if kv[0].ends_with('7') {
                hits += 1;
            }
        }
        let mut grown = String::new();
        for j in 0i64..100 {
            grown = grown + &format!("<{}>", j);
        }
        let at = grown.find("<50>").unwrap();
        bytes += (grown.len() + at) as i64;
        total += grown[at..at + 8].len() as i64;
    }
    println!("total {} bytes {} hits {}", total, bytes, hits);
}
