// wordcount twin: HashMap<&str, i64> (std SipHash) plus a Vec of keys in first-seen order.
use std::collections::HashMap;

fn next(seed: i64) -> i64 {
    (seed * 1103515245 + 12345) % 2147483648
}

fn main() {
    let mut seed = 7i64;
    let mut vocab: Vec<String> = Vec::new();
    for _ in 0..5000 {
        seed = next(seed);
        let len = 2 + seed % 8;
        let mut w = String::new();
        for _ in 0..len {
            seed = next(seed);
            w.push((97 + seed % 26) as u8 as char);
        }
        vocab.push(w);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut text_bytes = 0usize;
    for _ in 0..40000 {
        let mut picked: Vec<&str> = Vec::new();
        for _ in 0..50 {
            seed = next(seed);
            let a = (seed >> 8) % 5000;
            seed = next(seed);
            let b = (seed >> 8) % 5000;
            picked.push(&vocab[a.min(b) as usize]);
        }
        let line = picked.join(" ");
        text_bytes += line.len() + 1;
        lines.push(line);
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for line in &lines {
        for w in line.split(' ') {
            match counts.get_mut(w) {
                Some(c) => *c += 1,
                None => {
                    counts.insert(w, 1);
                    order.push(w);
                }
            }
        }
    }
    let mut best = "";
    let mut best_count = 0i64;
    let mut weighted = 0i64;
    let mut total = 0i64;
    for w in &order {
        let c = counts[w];
        total += c;
        weighted += c * w.len() as i64;
        if c > best_count {
            best_count = c;
            best = w;
        }
    }
    println!("text bytes {}, words {}, distinct {}, weighted {}", text_bytes, total, counts.len(), weighted);
    println!("most frequent: {} x{}", best, best_count);
}
