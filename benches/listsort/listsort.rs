// listsort twin: Vec<i64> push, stable sort, checksums, reverse, pop.
fn main() {
    let n = 1000000i64;
    let mut seed = 42i64;
    let mut total_check = 0i64;
    for round in 0..3 {
        let mut xs: Vec<i64> = Vec::new();
        for _ in 0..n {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            xs.push(seed % 1000000 - 500000);
        }
        xs.sort();
        let mut sum = 0i64;
        let mut check = 0i64;
        for i in 0..xs.len() {
            sum += xs[i];
            check = (check + xs[i] * (i as i64 % 1000)) % 1000000007;
        }
        let mut sorted = true;
        for i in 1..xs.len() {
            if xs[i - 1] > xs[i] {
                sorted = false;
            }
        }
        xs.reverse();
        let mut popped = 0i64;
        while xs.len() as i64 > n / 2 {
            if let Some(v) = xs.pop() {
                popped += v;
            }
        }
        println!(
            "round {}: min {} max {} sum {} check {} sorted {} popped {}",
            round,
            xs[xs.len() - 1],
            xs[0],
            sum,
            check,
            sorted,
            popped
        );
        total_check = (total_check + check) % 1000000007;
    }
    println!("total {}", total_check);
}
