// binary-trees twin: Option<Box<Node>>, recursive build/check, drop by ownership.
struct Node {
    left: Option<Box<Node>>,
    right: Option<Box<Node>>,
}

fn make(depth: i32) -> Node {
    if depth == 0 {
        Node { left: None, right: None }
    } else {
        Node { left: Some(Box::new(make(depth - 1))), right: Some(Box::new(make(depth - 1))) }
    }
}

fn check(n: &Node) -> i64 {
    let mut c = 1i64;
    if let Some(l) = &n.left {
        c += check(l);
    }
    if let Some(r) = &n.right {
        c += check(r);
    }
    c
}

fn main() {
    let min_depth = 4;
    let max_depth = 16;
    let stretch = max_depth + 1;
    let st = make(stretch);
    println!("stretch tree of depth {}\t check: {}", stretch, check(&st));
    drop(st);
    let long_lived = make(max_depth);
    let mut d = min_depth;
    while d <= max_depth {
        let iterations = 1i64 << (max_depth - d + min_depth);
        let mut total = 0i64;
        for _ in 0..iterations {
            let t = make(d);
            total += check(&t);
        }
        println!("{}\t trees of depth {}\t check: {}", iterations, d, total);
        d += 2;
    }
    println!("long lived tree of depth {}\t check: {}", max_depth, check(&long_lived));
}
