;; The vector scan kernel: int8 photo codes · int16 query, with WebAssembly SIMD.
;;
;; Assembled by `node dist/bench/tools/build-kernel.js` into scan-kernel-wasm.ts
;; (the bytes are committed, so nothing needs wabt at run or test time; a unit
;; test checks that the committed bytes still match this source).
;;
;; Row layout (see int8-codes.ts): `dim` int8 codes (dim a multiple of 32),
;; then the row's float32 scale and its float32 floor (the photo's score for a
;; description of nothing in particular), padded to `stride` bytes. The query
;; is `dim` int16 values. The memory is shared, so worker threads scan other rows of the
;; same index at the same time.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; out[r] = (Σ_j code[r][j] · q[j]) · scale[r] · qscale, for r in [0, n).
  ;; i32 sums cannot overflow: the caller bounds |q| by 2^31 / (127 · dim).
  ;; $mask (non-zero): the byte offset of one byte per row; a row whose byte is
  ;; 0 is not scored (out = -inf), so a filter costs less than no filter.
  ;; $floor (non-zero): a row that scores no more than its floor gets -inf.
  (func (export "score")
    (param $q i32) (param $row i32) (param $n i32) (param $stride i32) (param $dim i32)
    (param $qscale f32) (param $out i32) (param $mask i32) (param $floor i32)
    (local $j i32) (local $qp i32) (local $c0 v128) (local $c1 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f32)
    (block $done
      (loop $rows
        (br_if $done (i32.eqz (local.get $n)))
        (block $scored
        (if (local.get $mask)
          (then
            (if (i32.eqz (i32.load8_u (local.get $mask)))
              (then
                (f32.store (local.get $out) (f32.const -inf))
                (br $scored)))))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $qp (local.get $q))
        ;; 32 codes per step, four independent accumulators
        (loop $cols
          (local.set $c0 (v128.load (i32.add (local.get $row) (local.get $j))))
          (local.set $c1 (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))
          (local.set $a0 (i32x4.add (local.get $a0)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c0)) (v128.load (local.get $qp)))))
          (local.set $a1 (i32x4.add (local.get $a1)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c0)) (v128.load offset=16 (local.get $qp)))))
          (local.set $a2 (i32x4.add (local.get $a2)
            (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c1)) (v128.load offset=32 (local.get $qp)))))
          (local.set $a3 (i32x4.add (local.get $a3)
            (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c1)) (v128.load offset=48 (local.get $qp)))))
          (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $dim))))
        (local.set $a0 (i32x4.add (i32x4.add (local.get $a0) (local.get $a1)) (i32x4.add (local.get $a2) (local.get $a3))))
        (local.set $s
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a0)) (i32x4.extract_lane 1 (local.get $a0)))
                (i32.add (i32x4.extract_lane 2 (local.get $a0)) (i32x4.extract_lane 3 (local.get $a0)))))
            (f32.mul (f32.load (i32.add (local.get $row) (local.get $dim))) (local.get $qscale))))
        (if (local.get $floor)
          (then
            (if (i32.eqz (f32.gt (local.get $s) (f32.load offset=4 (i32.add (local.get $row) (local.get $dim)))))
              (then (local.set $s (f32.const -inf))))))
        (f32.store (local.get $out) (local.get $s)))
        (if (local.get $mask) (then (local.set $mask (i32.add (local.get $mask) (i32.const 1)))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $rows))))

  ;; score for four queries at once (sorting scores every row for many queries):
  ;; each row's codes are loaded and widened once for all four. Query k is at
  ;; q + k·qstride with scale s_k, its scores go to out + k·ostride; the same
  ;; arithmetic as score, so the same floats.
  (func (export "score4")
    (param $q i32) (param $qstride i32) (param $row i32) (param $n i32) (param $stride i32) (param $dim i32)
    (param $s0 f32) (param $s1 f32) (param $s2 f32) (param $s3 f32) (param $out i32) (param $ostride i32)
    (local $j i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $rs f32)
    (local $c v128) (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (block $done
      (loop $rows
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (local.set $q0 (local.get $q))
        (local.set $q1 (i32.add (local.get $q0) (local.get $qstride)))
        (local.set $q2 (i32.add (local.get $q1) (local.get $qstride)))
        (local.set $q3 (i32.add (local.get $q2) (local.get $qstride)))
        (loop $cols
          (local.set $c (v128.load (i32.add (local.get $row) (local.get $j))))
          (local.set $e0 (i16x8.extend_low_i8x16_s (local.get $c)))
          (local.set $e1 (i16x8.extend_high_i8x16_s (local.get $c)))
          (local.set $c (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))
          (local.set $e2 (i16x8.extend_low_i8x16_s (local.get $c)))
          (local.set $e3 (i16x8.extend_high_i8x16_s (local.get $c)))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.add
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e0) (v128.load (local.get $q0)))
                       (i32x4.dot_i16x8_s (local.get $e1) (v128.load offset=16 (local.get $q0))))
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e2) (v128.load offset=32 (local.get $q0)))
                       (i32x4.dot_i16x8_s (local.get $e3) (v128.load offset=48 (local.get $q0)))))))
          (local.set $q0 (i32.add (local.get $q0) (i32.const 64)))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.add
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e0) (v128.load (local.get $q1)))
                       (i32x4.dot_i16x8_s (local.get $e1) (v128.load offset=16 (local.get $q1))))
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e2) (v128.load offset=32 (local.get $q1)))
                       (i32x4.dot_i16x8_s (local.get $e3) (v128.load offset=48 (local.get $q1)))))))
          (local.set $q1 (i32.add (local.get $q1) (i32.const 64)))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.add
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e0) (v128.load (local.get $q2)))
                       (i32x4.dot_i16x8_s (local.get $e1) (v128.load offset=16 (local.get $q2))))
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e2) (v128.load offset=32 (local.get $q2)))
                       (i32x4.dot_i16x8_s (local.get $e3) (v128.load offset=48 (local.get $q2)))))))
          (local.set $q2 (i32.add (local.get $q2) (i32.const 64)))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.add
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e0) (v128.load (local.get $q3)))
                       (i32x4.dot_i16x8_s (local.get $e1) (v128.load offset=16 (local.get $q3))))
            (i32x4.add (i32x4.dot_i16x8_s (local.get $e2) (v128.load offset=32 (local.get $q3)))
                       (i32x4.dot_i16x8_s (local.get $e3) (v128.load offset=48 (local.get $q3)))))))
          (local.set $q3 (i32.add (local.get $q3) (i32.const 64)))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $dim))))
        (local.set $rs (f32.load (i32.add (local.get $row) (local.get $dim))))
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $ostride) (i32.const 0)))
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a0)) (i32x4.extract_lane 1 (local.get $a0)))
                (i32.add (i32x4.extract_lane 2 (local.get $a0)) (i32x4.extract_lane 3 (local.get $a0)))))
            (f32.mul (local.get $rs) (local.get $s0))))
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $ostride) (i32.const 1)))
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a1)) (i32x4.extract_lane 1 (local.get $a1)))
                (i32.add (i32x4.extract_lane 2 (local.get $a1)) (i32x4.extract_lane 3 (local.get $a1)))))
            (f32.mul (local.get $rs) (local.get $s1))))
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $ostride) (i32.const 2)))
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a2)) (i32x4.extract_lane 1 (local.get $a2)))
                (i32.add (i32x4.extract_lane 2 (local.get $a2)) (i32x4.extract_lane 3 (local.get $a2)))))
            (f32.mul (local.get $rs) (local.get $s2))))
        (f32.store (i32.add (local.get $out) (i32.mul (local.get $ostride) (i32.const 3)))
          (f32.mul
            (f32.convert_i32_s
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $a3)) (i32x4.extract_lane 1 (local.get $a3)))
                (i32.add (i32x4.extract_lane 2 (local.get $a3)) (i32x4.extract_lane 3 (local.get $a3)))))
            (f32.mul (local.get $rs) (local.get $s3))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $rows))))
)
