// intmath twin: sieve on a Vec<bool>, Collatz chain lengths.
fn sieve(n: i64) -> Vec<bool> {
    let mut composite: Vec<bool> = Vec::with_capacity((n + 1) as usize);
    for _ in 0..=n {
        composite.push(false);
    }
    composite[0] = true;
    composite[1] = true;
    let mut p = 2i64;
    while p * p <= n {
        if !composite[p as usize] {
            let mut m = p * p;
            while m <= n {
                composite[m as usize] = true;
                m += p;
            }
        }
        p += 1;
    }
    composite
}

fn collatz_len(start: i64) -> i64 {
    let mut n = start;
    let mut steps = 1i64;
    while n != 1 {
        if n % 2 == 0 {
            n = n / 2
        } else {
            n = 3 * n + 1
        }
        steps += 1;
    }
    steps
}

fn main() {
    let limit = 5000000i64;
    let composite = sieve(limit);
    let (mut count, mut sum, mut last) = (0i64, 0i64, 0i64);
    for i in 0..=limit {
        if !composite[i as usize] {
            count += 1;
            sum += i;
            last = i;
        }
    }
    println!("primes <= {}: {}, sum {}, largest {}", limit, count, sum, last);
    let climit = 1000000i64;
    let (mut best, mut best_len, mut total) = (1i64, 1i64, 0i64);
    for s in 1..climit {
        let l = collatz_len(s);
        total += l;
        if l > best_len {
            best_len = l;
            best = s;
        }
    }
    println!("collatz below {}: longest start {} ({} terms), total terms {}", climit, best, best_len, total);
}
