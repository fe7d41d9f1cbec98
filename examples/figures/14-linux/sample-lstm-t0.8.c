®³>¤Ž>>«ï>ðÈ·ÕÆîÆug;
};

static void arch_mmc_register_init(struct crypto_platform_device *pmd)
{
	unsigned long case = cb;

	/* ACPI char */
	if (addr >= HIIS_ENABLED)
		return -EINVAL;

	return false;
}

static const u8 vight has;
	return pdc_get_cfg_init(void)
{
	struct tc_uncrypt_atting_int *parents;
	callvaddr = device_address;
	int rvel;
	int boot2_intercept(struct kvm_vcpu *vcpu, bus_nvrad_message, addr, pte_t char *sig);

	if (rc = *(buffix_bus_buff < flags)
		return ret;

	ret = sestem_list_data.pm_disable();
	ctx->len = DEFINE_SIZE(interception);

	if (undex != PSYCHO_ID_SMP | NULL)
		int error;

	pgd = kvm_vm_clk_vmcb->exit_narge >= 2];  {
		if (compress && !is_id_area) {
			printk(KEYSIZE - '
				            volatile (value)) {
			callback = pdc_csd_inst(TPM_PT_TRACH_SIZE);
			return 0;
			chip_free_cntrl(buff_type);
			key_string_size(vcpu);
			gpio_set_register_gin(dev), ARRAY_SIZE(platch->status);

		pllf_reg_set_size(tval && clk_hw_register_set_regs);
			break;

	}

	/* All address devices as name ag STRS-SRQ feature.
			 */
			break;
		case PCI_SKB:	/* Sound set the INCLLG: on LOCKTH */

				if (addr << 0) {
			gpio_direction_fault(buff_error_data.kernel, value);
			return;
		}
		}

		break;
	}

	/* mask regata - probe is bit */
	ap->x quein;
	key_exces_hdr = 0;

	if (Om_b, key_type())
		return bits = nvec_lock;
		if (buff_type->mplr_signores & REGD_STATUS_IMPIO2(x894_init(vcpu));

		return -EINVAL;
	}

	if (1 << value->asid < 2
		    __addr_state(vcpu);
	MAX_CORE_ERR(hw));

	return ata_386_names;

	dpm_uncore_to_exit(vcpu, each_offset, type);

	/*
	 * Descripted const key memory no parent call access are incore
 * not allocated in a (buffer stage-press. The PCI-bit. When VMSA on PTD2.
	 */
	if (compaws! & PSYCHO_IOMMU_SELT_IMC_MCFGPER)
		return -ENOMEM;
	if (IS_ERR(vcpu))
		return -ENOMEM; }
int node_xen_desc(struct device *volatile volatile volatile retval = struct cmd_unlock *volatile volatile u64 fixpres,
					struct zero * struct acpi_nal_uncore_pte_struct *buff) {
	const char *ids_strings = {
		    prop = toI pages);
	} else {
		else {
				buffs = dev_name(int));
			if (!pte_key_addr() & bit & VM_GPS(**jist))
				a skip->save.ulock, flags & 1;
		key_set_data = upasm_noirqs_create_value;
				hw_list_notify_register_fixed_instan((struct test *)end - 1);
			goto hexact;
				of_set_uncore_buff_enelab(SYSCLKR_DDSOLE_TIMER);
				crash_config_cr9(vcpu->op, ns_info->string_name);
					list_set_free(&defines_line_perf_card_dall(NMI_GPIO_ALG_CPU_ID_ARM, 5, 0,
						"SCX %d", class_name);
			if (ven) {
					goto PVCAF_ARM_SIZE + buff_type,
				      NULL;
			pr_ID_LOONGS(2);
				key_len = 0;
			bool ret0_base(addr, nbir))
				goto err_exit;
			goto va_sensynt * char *;
				if (addr & 0xff) != 0x00) {
				xen_with_csall(NES_INTEL_FALLE_SIZE);
			break;
			acpi_struct *zram_cfg;
				if (rc == rc >= SCON_LINE_DEL_ALLINE_LATY);
				break;
				andia:
				acpi_lock_struct *vmc_callback = param->vc_set_regs[i].event;
				ccr_page = register_susuinternel(page));
				goto value;
			goto vcpus : 0;
				args->pm_wid_membanks = vbarsh;
		}
			break;
			}
			key_oreset != sizeof(*get_devel & PV_NITS_STATUS_BCE);
				goto addr >= mc.fixup_set_irqsag_stream1.flags & PID_MAX_MEM |
																									    "67660_1: 0x%%0d0", regs->regs, sizeof(struct key + "Snicically pagetabload haddr\n");
				if (cpu_output_start.dc_dev_early);
					goto oreais;
				break;
			break;
			goto action;
				gpio_set_printk("GPIOR Soft  " PCI_FEATUREE: is data goy opend in offset */
			gpio_set_resk(vmcb00_cause);
				if (IS_ERR tri_ative_event-- && expect_output()) {
				if (rc & MIDR_ARM_GPC(fill_address_handler));
				name = intel_sub_type + (xand_stats->vcc.end;
			if (rc == PPC_ERR_PVD_RES |
									       PPC_FEATURICY_DSP_CORTEX_ID_INTEL_INTEL_STINE))
				goto bugth = reg->word.boxec;
			hw = 0;
			} else {
			else
								goto a -ENOMEM;
		}

			ret = test_exit (notiming) {
				gpio_set_exit(vcpu);
		}
			kernel = no_address_sig;
				} else * 0; i < 5; };

		/* The commands in regiant On the xen_cmnlock_osc. 
	 * TLB with the paramess is before seever that make event be fapped on synthing the appresion PMSC and are support companding the
 * and as lated in the common parent anby approvided for use the commands */
		if (*cpu_data_fixup(vcpu)) {
			if (rc != cpu_is_omap_info->prop2_hardware_addr + const->scon_treating_t
				      lags & PCA_TYPE_PC_GPP(0))
			goto 6204;
			return NIT_PART_IDT(XS_GPIO_MC_FT5,
					     pm->name));
			glatin_llines = hw;
				system_get_hw_pll_set_lable(key_len = opal_idx));
			return 0;
				default_twand(vcpu, error);
			gotcw_suited_fp(vcpu);
			}
			char retval;
			pr_set_exception_set_interception(&dpm_resume_signore);
			if (buff_pte & PCI_GEN(2) : 1)
				gpio = ;
			acpi_ut_check_status artopal_sensed;
			break;
		}
			return;
			}

			opal_set_suite_create_t value;
			vmcb_parent_ctx(struct *vcpu, data & ARRAY_SIZE(parent_regs->key));
			break;
			ketll_status = dev->subseg[0].event->config
				svm->vmcb = (volatile int);
				goto uncore_pm_area;
			ntriggest = error;
				gpio = &key_name_regs;
			}
				gpio_set_buff_index(dir, "pmg_suint:\n");
				goto fail_bytes;
			board = 0;							\
	__asm__ __volatile int user_nvram_key_count();
	}

		if (!cs_set_deper_buff_type(&DEF_INGES)) {
				printk(nb_handle_power_sk9(vcpu) ^ info->contro_bits;
				if (rc == OPAL_STGRUNORE_UPARTVREFILEGSON_STATIES)
					lcd = lowcore_callback_set(pllx_loc_dev_name(regs | PLLL_ID_ARM))
				for (i = false & SYSCFGPAS + 1);
				buff_exception_msr_operand_tfm(key);
			late_code(dev, state, addr, min, 0);
			cp->compress_set = do_pllb_exit)
				goto regs;
			gpio_set_data->bus_noirq_calleds;
				sp->sks[inst->string = path->sc_vm_ope;
				return -EINVAL;
			goto need_exc data;
			break;
			}
			return ret;
		}

			key_cpu_read(vcpu) && score_name_flags & NULL;
	} else {
			gpio_init = PDC_CONTROL_STC1_SHART;
			goto out;
		}
	}

	if (comp_transite_resume(&regs))
		dev_link(&gpio, addr);

	gpio_set_interception(dev);

	acpi_ut_mmuex_lock(&pll_error_pme_test_command);

	return vmallie;

	return device_ric(ap->seq_data);
}

static int schip_budlk64_configuration(struct pt_set_perf_event *event)
{
	int ret;
	unsigned long sgen; int phyght = kvm_spores;

	if (command_addr)
		emu->regmap = true;
	}

	pr_exit(vbuf->hdr.in | xall_user_regs &&
		        pagetable_stream, false | 3;

	/*
	 * Pain ok
 * and the any call we pagetabled that and the addresses an not support pageed to eas. the size or try the
 * an initially address.  Clock any in address the recover write chips are get and key
		 * in maskid_instruction_userser )
	 * common. The set char failed to call it bit processary and are clk_base want addings the first.
	 */
	dev_error_callback(dev, sizeof(*desc->dev, info_last, "no command has.4", interal_cpu_start, regs.start.data[250);
		goth = -EINNALL;
	}

	/* And PMC command fail bit buble */
	if (!nhmex_value) {
		xen_skip(undex);
			break;
			case PCI_DEVICE_ID_ARTEL_MIN				\
																									\
	__pa(proc_recoverable);
		}
			tramset_size(struct rk_regs *)&ptr, int __always_status,
				acpi_strveation, 0, p, ch_test);
}

#define _IEL_TYPE_CORTEX_28					\
											}
				goto ID_value;
				bucp_switch = PER_CPU_OMARED;
			}
				gpio = arto14_cpuin_get_cxcsrageth(pdc_addr); 												\
				locall(power_bitren, &us_len);
				goto ext_baddr;
			} erreturn;
				mmc_result("\s"); 				\
		return;
		}
			h = ata_LAG_ENTINE:
				} else { 18 == 0;
			gpio_set_interception("GPIO4 to chuged bechegaky %d\n",
				is_cpu_has_cfg_fixup_inst(np, true);
				printk("base %s\n",	regs->ptic_set_name));
				nalen = __noirq_cart_entry(rc);
			pr_err("Failed in bus rap offset to set that bad that, then is volatile, check_string *regs)
				gunaling *a string_clearject_string_next_resume(const index, unsigned long) args->uncore_interception, flags);
		printk_hw_len = avail_pressipher(parent, "movider", "and");
			got |= 0;
			buff_cfg_seect = sizeof(struct cpu_device);

			test = __read_call_page(vcpu);
				goto failed + 1;
				break;
			last_safe_mm = avail_set_name(struct memory_cs = &phys_in_table_string);
				goto baduole;
			break;
				if (error
													   "callnumware fault register regist function sist clk %s\n",
					bank_baille_called_desc);
			}
			er = true;
			}
			}
			blk_name = ARRAY_SIZE(address_set_name(buff_cmc);
					break;
				vmcb->save.emc_regs = ARRAY_SIZE(acpi_string);
				cr_recure_register_cpu(set);
				gload_set_printf(regs));
				cpu->regs.opend_files = AES_OK;
				comp = pci_write_callback(clk_base + SIGNODE,
								   NULL, clk_data,
					   PSYC_MAIS_INTEL_FSET);
		}

		case address = 1;
				last_output_free(dev, PCI_STATUS_CED_ELX,
							       mem_segpregs);
				break;
				code = opal_msg_name(ver->access_name);
				if (sigth_start && !(segment_data_depery_return_sic())
						gpio_set_register_status(zram->instr));
				return;
		}
			case PTR_ERR(regs, save + ARRAY_SIZE(rc));
			info = vc_get_irqsave(NULL,
					gatch_ids_crash_clk0(buffs_name, flags);
				crash_delay(&pdc_result, instr);
				break;
			case PCI_STATUS_MISC_PTC_CONLL_IMS_SCLK_ONE_SIZE + 0, 2;
				goto CONFIG_DMA_SELD;
				key_case = erisersion = masks[CR1;
			break;
		case PTR_ERR(addr, interception)
					config_type_bits[i].name = clk_data;
				/* PMo and cpussings access state bit dack address.
			 * struct have space are slot will sctlars */
			ret = register_sksp_check_flags(dev, "linux.us.barkarra");
			continue;
				sum = seg1->sigs;

					buff = &gpio_set_cpu_read(hw));
				devices_block(crypto_test);
		gpio_comp_os_register(NULL,
							       "newaed %d.",
					%1, 0x%0, 0x05, 0x5, 0x30, 0x00000000000000, 0, 1, 0);
		}
		}

		if (data == 1)
				else {
				case       \
			3 = 1;
			return 0;
			goto neon_t busk_name;
			gotaby_no_set_prep->regs + SI_STATUS_TRANDONE_ID_INTEL_CTLL_PFROR("GPIO */
		case PMGexy_stream_platform = key_resume(value);
				}
			return get_hansh_mode(regs);
			__ (IS_ERR(unsigned long));
				continue;
				compinal_signable = NULL;
			goto ret;
			}
		}

		if (!pdev->data->subclk_error != NULL)
				comp_pagetable(NULL, pte_t);
			paill_register_call(sizeof(struct &*value));
			MID_INTEVENTRY ||						\
			    __PAGE_TYPERR, x, 1, 2;
				key_change_status(being.regs);
		goto to_cpus_string_init(config);
			writtest_t write_name[id_string(pte_over_is_free(Nack_sigs->port.name);
			goto fail_addr;
			if (ctx->status |= (volatile CPI_GFC);
			goto rn_free_each_opal_clk_args + (1 - c+0_fixup);
			ausyno_clk_s = &dev->sevent->base = 0;
			}
			if (dev->bus_desc) {
				pm_suspend_set_cpu(cpu);
			key->reg = vid = willo_read;
		data->parent_object.info = NULL;
			break;
			break;
			}
			return regs->director;
		else
				got &= 20000;
			break;
				break;
			if (flags & ERR_PTR) { .uartual & MCI_STATUS_PERFSIZE) {
			case PCI = range_chdr_value;
			const u32 *regs = h194;
			}
			return ARRAY_SIZE(acpi_handle->power.pag_t - reg_instruction, &msg_t->misc_desc_domain, regs, 0, "domain-banling-kuart.parent.orig)
			return 1;
		}

		/*
		 * PCI and check..  This structualls all flast return fault nlock.
		 */
			if (value &= ARRAY_SIZE(dev->ppa_mask)) {
				gpio_set_comp(simpte_sub(vcpu->callback);
		}

		char flags |= 0;

			if (value != PAGE_SIZE) {
				u32 chips;
				for (senscess &= PCI_GEN_ERR)
				pr_info("device_suite");
			goto addr = NULL;
				case PIC_MEM_CONTING_SLOCKTE
					num_load_mask = EL_CPU_;
				mc_cnuseglen = NHMEX_R_FEATURE_LART;
			printk(KERN_DEL_CORTEX_REG(3)
				switch = CRYPTO_LINE;
			break;
				gpio_crash_strlegine(instr);
			since_set_resume_set(SRC_ISC_COKERMISR_SIZE);
			kvm_audio7 = &zram1_subomain();
				gpio_addr = error_try;
			memcpy[i].end		= PAGE_SIZE,
										   sizeof(vcpu_table_register,
						          "not reported map converts are rature, boot0...");
			if (dev->hostr_soc_desc) {
				   aryscon_exec_transition_mce(interface->addr);
				goto false;
				goth = ELATUS_ASINCLL_REGSYNTRY;
			if (dev->data->dt_comp_set == memory(pm_seq_path)(struct now)) {
				zram_match_fail_desc(NULL, cpu_bug_base);
			goto addr;
			goto false;
				goto comp->dentry;
				if ((acpi_status)
					kunping_val = erriver;
				blk_interception_filt_care_sransition( 2, name);
			continue;
				if (i & 0xfffffffffeffeUACLLURED "    it walk (bootcore)
										   acpi_init_table = clk_hw_register_clk_and_len_registen(_PAGE_SIZE:), "epbar.lock.r.regs_unlock);
				continue;
				key_lantsd.notexc.bank.op.care_type = regs->dma_command_count = usb1->hw.init = &disprop_out_sinc_sigh[i].instr;
				.max_init_data = get_fixed_data.calloc_oset_c = ARRAY_SIZE(hwrep->stats.make_area);
			ce_cache_info->mux = key_set_flag(const->host, key_buff);
			kvm_superial_return(0);
			goto comprep = *cause;
		}
			break;
			}
			gfr = 2;
			}
		addr = cpu_has_desc_te_name(dev, "Fia COMBUS boot-command %d.\n", mask);
		return 0;
			if ((bit_address)
					\
	opal_addr = addr_start >= VM_STATUS_MISC_REV | pagetable;
			nb0_char_inc(dev, request_config_buff, sizeof(struct *assb, pwm));
			goto arg->regs->pm_info = true_dev_table;
			buble_register_ha_set = regs->config_base_h = PAGE_ALIGN;
			callback = crbox_instr_buffer_fixed_info(__pa(parent, bark++);
			u32 addr;
			goto buff_info;
			cached_cec;
				config_regs + error & (reg)
				return false;
				goto fail_do_data->error_node = error;
		}
				compatile = clk_parent_desc_data(ce_name);
			goto each_duth = clk_status;
			}

			ret = re_to_exec.addr &= TEST_EVEN_CONTROLLEG;
			break;
		goto out;
		}
		gpio_slot_code(vcpu, abord_cfg_value->gto.regs,
				     compat_key_id_address & INTEL_STATT_ID_ARK) && key_to_ctx(file_svm_result.disk,
				    x996_cs_set_data.dma_lock);

		ransc_node &= PFN_ARM_PAGE_MASK; i + 1) {
			gpio_complete_status(addr && false);
		compress_sigth_watch |= HVM_ARX_440_LATCH_NE_LINE &&
					.register_value = hw_regs.gaterause_func_segine_name,
					vlata - PCI_STATUS_SHIFT,
				}
			hwcr[sharl.nap.data.ma->hws[2] = 0,
									       PAGE_ARM,
				    PCI_STATUS_ISY_DEVICE, INTEL_SRCT | SYSCLK_READ | PAGE_SIZE, 0, apll_addr));
			if (status & MAX_HEX_MF_ARM3) {
				if (!path->addr = zmi_key_info->pread_sigth) {
				elem = key_info + 1;
			case PMC_SETRY_NENCY_OVERRVENTEL_EMIN };

		/* Get all ready */
		return -ENOMEM;

			b																										\
	get_size = NULL;
		}

			value = crypto_msg_reset_callback(zram_common).uart_flags & LONG_MAX2_EVENT_UNCORE + PCI_DEVICE(NULL, 2);
					break;
				gate->parents, 0,
																    CLK_INTRING_REGSWL);
	}

		break;
		if (struct dask_parent * size)
				struct kvm_val = *name = state_state, false;
				ce8 = xne_cpu_id + regs;
				printk(KERN_INTEL_REGSDT_INTEL_SETL_EVICE_SIZE_CLOCK(7));														\
				pv_info("PORTERT support %.\n",
					1FDULE_UNCORE_FALLE_CONTRITE_GPIO_RASTATH,
										   cpu_name, chk_size, 1);
			gpio_driver(save, &gpio_set_ctx(struct archite_table_ctd);
				goto uncore_evt;
				}
				return rc;
			}
			spin_lock_irqsave(reg_bail, proc_name_sic_set);
			return PTR_ERR(hw);
				goto char = mpsc_resume[SEGDINAVR | SYSID_NAME;
			}

				got & 1;
				break;
			}
			if (rc == 0) {
					continue;
			id = (m->data & MCP_STATUS_ERR && (svm->pm_list > PRELOCATYPTUS_NLEL);
				ket_nr +
						        PID_ALPER_IMP_PADSJ);
		}
			error = -ENOMEM;
			if (__vm_cooperand_unregs(PER_CORTEX_PORT) &&
					errup_set_peeriph_status(SIGPEC_CONSET_PARAM));
			addr != super_interface = sizeof(struct key_data *) && vu_wait, index, INTEL_CLLK_PDR_MAP1,
						     INTEL_STATUS_SEL_MASK(vcpu));
			show_attribute(name, addr);
			dev1_set_data->slot.flags = key_value.arg.base = NEL_HAS_CPU_DEL_ID_STLK(DClist_page);
				if (!CPU_IRQ_PART_GRED("ransor value %/exight 1 - diag common-set command because Appegvoly cvrasibly deschip on Removs )
		 *       != area is simples on mechw_cmp avoid */
			u32 logi_uncore_pages;
			break;
		case HISEV_CPU_CORE_HISY;
		case FINE_CONFIG_KMCE_ARM,						\
		.args		= &box_uncore_free_data.misc_reset,
						    PERF_INTEL_CFGP					\
															\
					  "xchys1_xum_dma", PROTIVED_PALLOCK(value),							\
											\
			_FILLOON_EXTINE_ON(1),
																			pbm->parent_irqs & ~VM_GPIO_SATA);
				goto dargetag_name_exit;

			return params;
			in= 0;
			goto bytes_t *c++;
			gpio_exc_ctxlecture(seq_struct_len, SEGSP_SIZE);
			goto digest = addr;
				goto slot && unhighole_cover.value;
			allocal__ (parent->hyscop_op);
				ret = saved_start_gst - index & ~(MMC_NEL_R_LEND_ARM_CPU_SIZE);
		}

			if (!(volatile int, calloc) {
				if (valid & 8) && instr + 1) = 0 }
#endif /* CONFIG_MYGONE:
							key = notrair_platg_set_type(const-- & dev---->get, key->pore_bits, mask);
			goto deread_pages;
		}
			handle = lenstem_suspend_emc_status(interrupts, 0);
			goto key;
		}
			cpu_indel(addr_cpu_entry);
			return -ENOMEM;
		}
	}

	if ((rc & (MID_FEATUREEG)) {
		case CP110_GEN_READ_DERR(muxx_instr);
		goth = true;
		}
		if (barse) {
			case AES_WINE_LATTYPE_ONG_SHINE ||															\
																																																				\
																																					\
																																			       "sdia %0 %1, %0\t"
		"   %"
				: " "m" (next_ifer == 0x5000000);	\
} else {
		buff = * (volatile in *) {
				buff_out = set_available_power, flags;
			break;
		}
			return;
			break;
		break;
		return 0;
	}

	/* So s3. The device will for the commance. */
	if (addr == PDC_STATUS_CONSTR)
			set_arg.arg_free(page);
	return 1;
}

static void xen_get args->reg_wait = switch_atesystable_hdr page value = {
	.resume		    bug.compressisc_suspend_t	ret.org,
	.type		= simple_powersp_irqset_exception_code(command_trust, regs, sizeof(struct pdc_desc *)ata_string_len);
}

static int area_info ake_has_dep(void) {
	unsigned long flags;

	return ret;
}

static const int hypfs_operand_address_set_check(volatile volatile nhmex)
{
	int reg_error;
	ap->ioaddr.code = cpu;

	/*
	 * Stail sigth that expect sected.
	 * instruction is data be they betaul host present
 *	if address.  Lout the stread (unaving the make sult support any at VENSED */
            break_sig_t vic_nelating_sig;
	onal_svm_string(&volatile value);

	__addr = bISAND_ID_DEL_PD_EVENSEN;
	if (i = 0) {
		msg_spend_info_read(&type, signore_value);
		gpio_write_mask(key_directly, false);
		id = key_id = clk_cpu_card_entry(pte));

		goto desc;
	}

	if (cpu_has_ctx)
		return n;

		list_name = sysc->save->node = info->max_fault.sg.start.ctc;
		r = bytes;

		else };
	}

	if (IS_ERR(hw)) {
		kernel_uncore_match();
		goto fast;

		keyreset = cpu_address_sure_cr1(cpu);

		return rc = ark->svm->skip = h->init_set_sear.node = &polatile;
			break;
			goto key_name;
		}
	}

	if (!i = 5)
		return args_soc;
		return;
	}
	if (status && addr == save && regsyscon------------------>name))
		return res;
		goto reset[(value && pte_get_value(!dev->pointer.addr);

	return init_pbm_desc[i].dev.exit;
}

static int cp_desc;

static inline
volatile unsigned goth Bus_misc_code = {
	.driver_reg handler applock_handler.cr2.4 */
/* linux/arch/smi.h */
#ifndef __DT_VMC_IMC_SYSC_STATUS_GATE_INSTR_PTOB_CHUS |
	SYSCGED_DEVICE_ID_INTEL_UNTINESTERNELSSENTREG		0x0026
#define CP110_PCI_DEBUG		0x090
#define PCI_CORE_INTEL_AD_PCI_MEM_IODEL(5)
#define SCLL2_MEM_PC_CORT_MASK	0x0  /* diffinst if to store and ST#L bits */
#define PCI_STATURIC		0x80000000
#define PCI_LOI_MISC_EVINE WLX_FEATURE		(32)
#define CIS_ID_INTEL_DSIZE		0x500000
#define PPC_CTRL1_SHIFT		0x10000
#define RCI_CHIPS_LDAM	22
#define PLL_CONTEY_IMC	      0x20000000 /* Revective Ferite from set 'M' excessift cache check reservely,
                      sinth when abomatic for all a not these a device
 * register PMI and the devices bit mapping are MIDLE.  VM end in per-signed proped.
 *
 * Copyright (C) 2015/MIDRTA
#define PCI_CORE_CORE_IMC		0x15304
#define RCI_STRA_PART_ORTIES		0x7c
#define PC_CORE_EISTIORE(_32)		((mode) | PIC_ALP32_SIGREG_CFG2_INIT_32) || (misc_pointer_struct & addr & MCI_STATUS_MAX) || (x) {
		/*
		 * Copyright (C) 0x100000000 right (C) 2010 present Whil, the Allocat Pore 